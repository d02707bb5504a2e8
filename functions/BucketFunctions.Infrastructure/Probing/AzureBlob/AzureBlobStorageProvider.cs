using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Azure Blob through Azure.Storage.Blobs: the container's properties, one page of at most one blob, and with a write
/// check an upload and a delete of the probe blob. The secret is the account key (<see cref="StorageSharedKeyCredential"/>)
/// or a SAS token (account or service SAS, <see cref="AzureSasCredential"/>); an expired SAS is refused before any call.
/// <c>endpoint</c> absent means <c>https://{account}.blob.core.windows.net</c>; present, it is used as given (Azurite is
/// path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>). The options are built once; a client is made per check,
/// since its credential is the check's.
/// </summary>
internal sealed class AzureBlobStorageProvider(ProviderHttp http, TimeProvider time) : IStorageProvider
{
    private readonly BlobProbeClientOptions options = new(http);

    public StorageType StorageType => StorageType.Azure;

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var details = new Dictionary<string, string>();
        var account = request.Credential.Key;
        var endpoint = Endpoint(request.Endpoint, account);
        var where = endpoint?.GetLeftPart(UriPartial.Authority) ?? "Azure Blob Storage";
        details[ProbeCheckNames.Reachable] = $"{where} answered";
        return await http.CheckAsync(
            request, where, "Azure Blob Storage", ProviderHttp.VerifiedMessage(request, "The credentials can", "container"), details,
            token => endpoint is null
                ? Task.FromResult<ProviderFailure?>(new ProviderFailure(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                    "The key must be the storage account name: 3 to 24 lowercase letters and digits.", "not sent: no such account name"))
                : CheckAsync(request, endpoint, where, details, token),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProviderFailure?> CheckAsync(
        ProbeRequest request, Uri endpoint, string where, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        http.Guard.CheckEndpoint(endpoint);
        var secret = request.Credential.Secret.Reveal();
        var sas = SasToken.LooksLikeSas(secret);
        var (service, problem, detail) = ServiceClient(endpoint, request.Credential.Key, secret, options, time.GetUtcNow());
        if (service is null)
        {
            if (detail!.EndsWith("expired", StringComparison.Ordinal))
            {
                details[ProbeCheckNames.Reachable] = "not contacted: the SAS token has expired";
            }

            return NotSent(problem!, detail);
        }

        var container = service.GetBlobContainerClient(request.BucketName);
        ProviderFailure Classify(RequestFailedException error, string step) =>
            BlobErrorClassifier.Classify(error, sas, request.BucketName, where, step);

        // The container's properties prove the key and that the container exists. A SAS may not be allowed to read them
        // (a service SAS never is): then the listing below decides. A RequestFailedException without a status is the
        // transport's (refused by the guard, unreachable): ProviderHttp.RunAsync classifies those.
        try
        {
            await container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status != 0)
        {
            var failure = Classify(error, ProbeCheckNames.BucketExists);
            if (!(sas && failure.Outcome == ProbeOutcome.PermissionDenied))
            {
                return failure;
            }

            details[ProbeCheckNames.BucketExists] = "this SAS may not read container properties; the listing proves the container";
        }

        var step = ProbeCheckNames.ListAllowed;
        var name = ProbeObject.NewName();
        try
        {
            // The first page proves the listing.
            await container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

            if (!request.CheckWrite)
            {
                return null;
            }

            step = ProbeCheckNames.WriteAllowed;
            var blob = container.GetBlobClient(name);
            await blob.UploadAsync(BinaryData.FromString(ProbeObject.Content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain" } }, cancellationToken)
                .ConfigureAwait(false);
            details[ProbeCheckNames.WriteAllowed] = $"wrote probe blob '{name}'";

            step = ProbeCheckNames.DeleteAllowed;
            await blob.DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            details[ProbeCheckNames.DeleteAllowed] = $"deleted probe blob '{name}'";
            return null;
        }
        catch (RequestFailedException error) when (error.Status != 0)
        {
            var failure = Classify(error, step);
            return step == ProbeCheckNames.DeleteAllowed
                ? failure with { Detail = $"{failure.Detail}; probe blob '{name}' was left in the container" }
                : failure;
        }

        ProviderFailure NotSent(string message, string detail) =>
            new(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated, message, detail);
    }

    /// <summary>
    /// The service client for an account key or a SAS token (probing and provisioning alike); null with the reason when the
    /// secret is neither, or the SAS token has expired (then nothing is sent).
    /// </summary>
    internal static (BlobServiceClient? Service, string? Problem, string? Detail) ServiceClient(
        Uri endpoint, string account, string secret, BlobClientOptions options, DateTimeOffset now)
    {
        if (SasToken.LooksLikeSas(secret))
        {
            var token = SasToken.Parse(secret, out _);
            return token is null ? (null, "The secret is not a valid SAS token.", "not sent: the SAS token is malformed")
                : token.IsExpired(now) ? (null, "The SAS token has expired; create a new one.", "not sent: the SAS token has expired")
                : (new BlobServiceClient(endpoint, new AzureSasCredential(token.Query), options), null, null);
        }

        return !Convert.TryFromBase64String(secret, new byte[secret.Length], out var length) || length == 0
            ? (null, "The secret is neither a base64 account key nor a SAS token.", "not sent: the account key is not base64")
            : (new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, secret), options), null, null);
    }

    /// <summary>The account's blob endpoint: the one given, or the account's public one; null when the key is no account name.</summary>
    internal static Uri? Endpoint(Uri? given, string account) =>
        given ?? (KeyRules.Check(StorageType.Azure, account) is null ? new Uri($"https://{account}.blob.core.windows.net") : null);
}
