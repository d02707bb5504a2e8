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

    public async Task<ProvisionResult> CreateAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Container(request, out var where, out var sas) is not { } container)
        {
            return Unusable(request);
        }

        var settings = request.Settings;
        var create = new ProvisionStep(null, "create container", token => container.CreateAsync(
            settings.Public ? PublicAccessType.Blob : PublicAccessType.None,
            settings.BucketInfo.Count > 0 ? settings.BucketInfo.ToDictionary() : null,
            token));
        return await steps.CreateAsync(request.BucketName, where, create, [], Delete(container),
            (error, step) => Classify(error, sas, request.BucketName, where, step), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProvisionResult> DeleteAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Container(request, out var where, out var sas) is not { } container)
        {
            return Unusable(request);
        }

        // A container is deleted with its blobs: only an empty one is deleted here.
        var step = new ProvisionStep(null, "delete container", async token =>
        {
            await foreach (var page in container.GetBlobsAsync(cancellationToken: token).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                if (page.Values.Count > 0)
                {
                    throw new RequestFailedException(409, "The container is not empty.", "ContainerNotEmpty", null);
                }

                break;
            }

            await container.DeleteAsync(cancellationToken: token).ConfigureAwait(false);
        });
        return await steps.DeleteAsync(request.BucketName, where, step,
            (error, s) => Classify(error, sas, request.BucketName, where, s), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The container's public access level and metadata: all an Azure container holds of the provision schema.</summary>
    public async Task<ProvisionResult> ReadAsync(ProvisionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Container(request, out var where, out var sas) is not { } container)
        {
            return Unusable(request);
        }

        BlobContainerProperties? properties = null;
        var read = new ProvisionStep(null, "read container properties",
            async token => properties = (await container.GetPropertiesAsync(cancellationToken: token).ConfigureAwait(false)).Value);
        return await steps.ReadAsync(request.BucketName, where, [read], () => new ProvisionSettings
        {
            Public = properties?.PublicAccess is PublicAccessType.Blob or PublicAccessType.BlobContainer,
            BucketInfo = new Dictionary<string, string>(properties?.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        }, (error, s) => Classify(error, sas, request.BucketName, where, s), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only the public access level can change on a container (the rest was refused by the rules).</summary>
    public async Task<ProvisionResult> UpdateAsync(ProvisionRequest request, ProvisionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(change);
        if (Container(request, out var where, out var sas) is not { } container)
        {
            return Unusable(request);
        }

        List<ProvisionStep> changes = change.Public is { } isPublic
            ? [new ProvisionStep(ProvisionRules.Name("bucketType"), "set container access policy", token => container.SetAccessPolicyAsync(
                isPublic ? PublicAccessType.Blob : PublicAccessType.None, cancellationToken: token))]
            : [];
        return await steps.UpdateAsync(request.BucketName, where, changes,
            (error, s) => Classify(error, sas, request.BucketName, where, s), cancellationToken).ConfigureAwait(false);
    }

    private static ProvisionStep Delete(BlobContainerClient container) =>
        new(null, "delete container", token => container.DeleteAsync(cancellationToken: token));

    private static ProvisionResult? Classify(Exception error, bool sas, string container, string where, ProvisionStep step) =>
        error is RequestFailedException { Status: > 0 } failed
            ? BlobErrorClassifier.ClassifyProvisioning(failed, sas, container, where, step.Operation)
            : null;

    private BlobContainerClient? Container(ProvisionRequest request, out string where, out bool sas)
    {
        var endpoint = AzureBlobStorageProvider.Endpoint(request.Endpoint, request.Credential.Key);
        where = endpoint?.GetLeftPart(UriPartial.Authority) ?? "Azure Blob Storage";
        var secret = request.Credential.Secret.Reveal();
        sas = SasToken.LooksLikeSas(secret);
        if (endpoint is null)
        {
            return null;
        }

        steps.Http.Guard.CheckEndpoint(endpoint);
        var (service, _, _) = AzureBlobStorageProvider.ServiceClient(endpoint, request.Credential.Key, secret, options, time.GetUtcNow());
        return service?.GetBlobContainerClient(request.BucketName);
    }

    private static ProvisionResult Unusable(ProvisionRequest request) =>
        new(ProvisionOutcome.CredentialsRejected,
            "The key must be the storage account name and the secret its base64 key or an unexpired SAS token.", RegistrationFields.Key);
}
