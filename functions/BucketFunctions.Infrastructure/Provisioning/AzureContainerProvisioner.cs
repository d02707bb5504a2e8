using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Infrastructure.Probing.AzureBlob;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>
/// Creates an Azure Blob container through Azure.Storage.Blobs, in one call: public access <c>None</c> (allPrivate) or
/// <c>Blob</c> (allPublic), and <c>bucketInfo</c> as its metadata. What Azure holds per storage account (versioning,
/// immutability, lifecycle, CORS, encryption scope, access tier) was refused by <see cref="ProvisionRules"/> before this.
/// </summary>
internal sealed class AzureContainerProvisioner(ProvisionSteps steps, TimeProvider time) : IProvisioningProvider
{
    private readonly BlobProbeClientOptions options = new(steps.Http);

    public StorageType StorageType => StorageType.Azure;

    public Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithContainerAsync(request, blob =>
        {
            var settings = request.Settings;
            var create = new ProvisionStep(null, "create container", token => blob.Container.CreateAsync(
                Access(settings.Public),
                settings.BucketInfo.Count > 0 ? settings.BucketInfo.ToDictionary() : null,
                token));
            return steps.CreateAsync(blob.Target, create, [], Delete(blob.Container), cancellationToken);
        });

    public Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithContainerAsync(request, blob =>
        {
            // A container is deleted with its blobs: only an empty one is deleted here.
            var step = new ProvisionStep(null, "delete container", async token =>
            {
                var first = await blob.Container.GetBlobsAsync(cancellationToken: token).AsPages(pageSizeHint: 1)
                    .FirstOrDefaultAsync(token).ConfigureAwait(false);
                if (first?.Values.Count > 0)
                {
                    throw new RequestFailedException(409, "The container is not empty.", "ContainerNotEmpty", null);
                }

                await blob.Container.DeleteAsync(cancellationToken: token).ConfigureAwait(false);
            });
            return steps.DeleteAsync(blob.Target, step, cancellationToken);
        });

    /// <summary>The container's public access level and metadata: all an Azure container holds of the provision schema.</summary>
    public Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken) =>
        WithContainerAsync(request, blob =>
        {
            BlobContainerProperties? properties = null;
            var read = new ProvisionStep(null, "read container properties", async token =>
                properties = (await blob.Container.GetPropertiesAsync(cancellationToken: token).ConfigureAwait(false)).Value);
            return steps.ReadAsync(blob.Target, [read], () => new ProvisionSettings
            {
                Public = properties?.PublicAccess is PublicAccessType.Blob or PublicAccessType.BlobContainer,
                BucketInfo = new Dictionary<string, string>(
                    properties?.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal),
            }, cancellationToken);
        });

    /// <summary>Only the public access level can change on a container (the rest was refused by the rules).</summary>
    public Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WithContainerAsync(request, blob =>
        {
            List<ProvisionStep> changes = change.Public is { } isPublic
                ? [new ProvisionStep(ProvisionRules.Name("bucketType"), "set container access policy", token =>
                    blob.Container.SetAccessPolicyAsync(Access(isPublic), cancellationToken: token))]
                : [];
            return steps.UpdateAsync(blob.Target, changes, cancellationToken);
        });
    }

    /// <summary>allPublic is anonymous read of blobs (not the listing); allPrivate none.</summary>
    private static PublicAccessType Access(bool isPublic) => isPublic ? PublicAccessType.Blob : PublicAccessType.None;

    private static ProvisionStep Delete(BlobContainerClient container) =>
        new(null, "delete container", token => container.DeleteAsync(cancellationToken: token));

    private static readonly ProvisionResult Unusable = new(ProvisionOutcome.CredentialsRejected,
        "The key must be the storage account name and the secret its base64 key or an unexpired SAS token.", RegistrationFields.Key);

    /// <summary>
    /// What every operation starts with: the container's client for the account key or SAS token (the endpoint guarded), and
    /// where it is; without an account name, or with a secret that is neither, nothing is sent.
    /// </summary>
    private async Task<ProvisionResult> WithContainerAsync(ProvisionRequest request, Func<ContainerCall, Task<ProvisionResult>> run)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = AzureBlobStorageProvider.Endpoint(request.Endpoint, request.Credential.Key);
        if (endpoint is null)
        {
            return Unusable;
        }

        steps.Http.Guard.CheckEndpoint(endpoint);
        var secret = request.Credential.Secret.Reveal();
        var (service, _, _) = AzureBlobStorageProvider.ServiceClient(endpoint, request.Credential.Key, secret, options, time.GetUtcNow());
        if (service is null)
        {
            return Unusable;
        }

        var where = endpoint.GetLeftPart(UriPartial.Authority);
        var sas = SasToken.LooksLikeSas(secret);
        var target = new ProvisionTarget(request.BucketName, where, (error, step) =>
            error is RequestFailedException { Status: > 0 } failed
                ? BlobErrorClassifier.ClassifyProvisioning(failed, sas, request.BucketName, where, step.Operation)
                : null);
        return await run(new ContainerCall(service.GetBlobContainerClient(request.BucketName), target)).ConfigureAwait(false);
    }

    private sealed record ContainerCall(BlobContainerClient Container, ProvisionTarget Target);
}
