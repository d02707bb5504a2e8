using System.Diagnostics;
using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Azure Blob: Get Container Properties, then List Blobs (<c>maxresults=1</c>), and with a write check Put Blob and Delete
/// Blob, on the Azure.Core pipeline over the guarded HTTP client. The secret is the account key (Shared Key,
/// <see cref="BlobSharedKeyPolicy"/>) or a SAS token (account or service SAS, appended to each URL); an expired SAS is
/// refused before any call. <c>endpoint</c> absent means <c>https://{account}.blob.core.windows.net</c>; present, it
/// is used as given (Azurite is path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>).
/// </summary>
internal sealed partial class AzureBlobStorageProvider(ProviderHttp http, TimeProvider time, ILogger<AzureBlobStorageProvider> logger)
    : IStorageProvider
{
    private const int MaxBodyBytes = 64 * 1024;

    private readonly HttpPipeline unsigned = HttpPipelineBuilder.Build(new BlobProbeClientOptions(http.Client));

    public StorageType StorageType => StorageType.Azure;

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        var details = new Dictionary<string, string>();
        var account = request.Credential.Key;
        var endpoint = request.Endpoint ?? (KeyRules.Check(StorageType.Azure, account) is null
            ? new Uri($"https://{account}.blob.core.windows.net")
            : null);
        var where = endpoint?.GetLeftPart(UriPartial.Authority) ?? "Azure Blob Storage";
        details[ProbeCheckNames.Reachable] = $"{where} answered";

        var failure = endpoint is null
            ? new ProviderFailure(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                "The key must be the storage account name: 3 to 24 lowercase letters and digits.", "not sent: no such account name")
            : await http.RunAsync(
                where, "Azure Blob Storage", token => CheckAsync(request, endpoint, where, details, token), cancellationToken)
                .ConfigureAwait(false);
        stopwatch.Stop();
        LogOutcome(request.BucketName, failure?.Outcome ?? ProbeOutcome.Verified, failure?.ProviderCode ?? "-",
            (long)stopwatch.Elapsed.TotalMilliseconds);
        return failure?.ToResult(request, stopwatch.Elapsed, details)
            ?? ProbeReport.Verified(request, request.CheckWrite
                ? $"The credentials can list, write to and delete from container '{request.BucketName}'."
                : $"The credentials can list container '{request.BucketName}'.", stopwatch.Elapsed, details: details);
    }

    private async Task<ProviderFailure?> CheckAsync(
        ProbeRequest request, Uri endpoint, string where, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        http.Guard.CheckEndpoint(endpoint);
        var secret = request.Credential.Secret.Reveal();
        var pipeline = unsigned;
        SasToken? sas = null;
        if (SasToken.LooksLikeSas(secret))
        {
            sas = SasToken.Parse(secret, out _);
            if (sas is null)
            {
                return NotSent("The secret is not a valid SAS token.", "not sent: the SAS token is malformed");
            }

            if (sas.IsExpired(time.GetUtcNow()))
            {
                details[ProbeCheckNames.Reachable] = "not contacted: the SAS token has expired";
                return NotSent("The SAS token has expired; create a new one.", "not sent: the SAS token has expired");
            }
        }
        else
        {
            var key = new byte[secret.Length];
            if (!Convert.TryFromBase64String(secret, key, out var length) || length == 0)
            {
                return NotSent("The secret is neither a base64 account key nor a SAS token.", "not sent: the account key is not base64");
            }

            pipeline = HttpPipelineBuilder.Build(new BlobProbeClientOptions(http.Client), [],
                [new BlobSharedKeyPolicy(request.Credential.Key, key[..length])], new ResponseClassifier());
        }

        var container = endpoint.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(request.BucketName);
        var blobs = new BlobCalls(pipeline, sas, container, where, request.BucketName);

        // Get Container Properties proves the key and that the container exists. A SAS may not be allowed to read container
        // properties (a service SAS never is): then the listing below decides.
        using (var propertiesCall = await blobs.SendAsync(RequestMethod.Get, "restype=container", null, cancellationToken)
            .ConfigureAwait(false))
        {
            var properties = propertiesCall.Response;
            if (properties.Status != 200)
            {
                var failure = blobs.Classify(properties, ProbeCheckNames.BucketExists);
                if (!(sas is not null && failure.Outcome == ProbeOutcome.PermissionDenied))
                {
                    return failure;
                }

                details[ProbeCheckNames.BucketExists] = "this SAS may not read container properties; the listing proves the container";
            }
        }

        using (var listingCall = await blobs.SendAsync(
            RequestMethod.Get, "restype=container&comp=list&maxresults=1", null, cancellationToken).ConfigureAwait(false))
        {
            var listing = listingCall.Response;
            if (listing.Status != 200)
            {
                return blobs.Classify(listing, ProbeCheckNames.ListAllowed);
            }

            if (!await IsBlobListingAsync(listing, cancellationToken).ConfigureAwait(false))
            {
                return ProviderFailure.Garbled(where, "Azure Blob Storage");
            }
        }

        return request.CheckWrite ? await WriteAndDeleteAsync(blobs, details, cancellationToken).ConfigureAwait(false) : null;

        ProviderFailure NotSent(string message, string detail) =>
            new(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated, message, detail);
    }

    private static async Task<ProviderFailure?> WriteAndDeleteAsync(
        BlobCalls blobs, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        var name = ProbeObject.NewName();
        using (var putCall = await blobs.SendAsync(RequestMethod.Put, null, name, cancellationToken, RequestContent.Create(
            BinaryData.FromString(ProbeObject.Content))).ConfigureAwait(false))
        {
            var put = putCall.Response;
            if (put.Status != 201)
            {
                return blobs.Classify(put, ProbeCheckNames.WriteAllowed);
            }
        }

        details[ProbeCheckNames.WriteAllowed] = $"wrote probe blob '{name}'";
        using (var deleteCall = await blobs.SendAsync(RequestMethod.Delete, null, name, cancellationToken).ConfigureAwait(false))
        {
            var delete = deleteCall.Response;
            if (delete.Status != 202)
            {
                var failure = blobs.Classify(delete, ProbeCheckNames.DeleteAllowed);
                return failure with { Detail = $"{failure.Detail}; probe blob '{name}' was left in the container" };
            }
        }

        details[ProbeCheckNames.DeleteAllowed] = $"deleted probe blob '{name}'";
        return null;
    }

    /// <summary>True when the body is a List Blobs answer (an <c>EnumerationResults</c> document), read up to a bound.</summary>
    private static async Task<bool> IsBlobListingAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.ContentStream is not { } stream)
        {
            return false;
        }

        if (await ProviderHttp.ReadBoundedAsync(stream, MaxBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return false;
        }

        try
        {
            using var reader = XmlReader.Create(
                new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "EnumerationResults")
            {
                return false;
            }

            while (reader.Read())
            {
                // Read to the end: a truncated document is not a listing.
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Azure Blob credential check for container {Container}: {Outcome} (provider code {ProviderCode}) in {LatencyMs} ms")]
    private partial void LogOutcome(string container, ProbeOutcome outcome, string providerCode, long latencyMs);

    /// <summary>The calls of one check: the container's URL, the pipeline (Shared Key signed) or the SAS to append.</summary>
    private sealed class BlobCalls(HttpPipeline pipeline, SasToken? sas, string container, string where, string bucket)
    {
        /// <summary>Sends one call; the caller disposes the message, which owns the unbuffered response.</summary>
        public async Task<HttpMessage> SendAsync(
            RequestMethod method, string? query, string? blob, CancellationToken cancellationToken, RequestContent? content = null)
        {
            var url = blob is null ? container : container + "/" + Uri.EscapeDataString(blob);
            var parameters = string.Join('&', new[] { query, sas?.Query }.Where(q => !string.IsNullOrEmpty(q)));
            var message = pipeline.CreateMessage();
            message.BufferResponse = false;
            var request = message.Request;
            request.Method = method;
            request.Uri.Reset(new Uri(parameters.Length == 0 ? url : url + "?" + parameters));
            request.Headers.SetValue("x-ms-version", BlobProbeClientOptions.ServiceVersion);
            if (content is not null)
            {
                request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
                request.Headers.SetValue("Content-Type", "text/plain");
                request.Content = content;
            }

            try
            {
                await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
                return message;
            }
            catch
            {
                message.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Maps an error answer by its <c>x-ms-error-code</c>, then its status; <paramref name="step"/> is the running check.
        /// </summary>
        public ProviderFailure Classify(Response response, string step)
        {
            var status = response.Status;
            var code = response.Headers.TryGetValue("x-ms-error-code", out var header) ? ProviderFailure.SafeCode(header) : null;
            var said = code is null ? $"HTTP {status}" : $"{code}, HTTP {status}";
            ProviderFailure Failed(ProbeOutcome outcome, string check, string message) =>
                new(outcome, check, $"{message} ({said}).", $"{where} answered {said}", code);
            ProviderFailure Rejected() => Failed(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                "The storage account refused the key or the SAS token");
            ProviderFailure Denied() => Failed(ProbeOutcome.PermissionDenied, step, step switch
            {
                ProbeCheckNames.WriteAllowed => $"The credentials were accepted but cannot write to container '{bucket}'",
                ProbeCheckNames.DeleteAllowed => $"The credentials were accepted but cannot delete from container '{bucket}'",
                _ => $"The credentials were accepted but cannot list container '{bucket}'",
            });

            return code switch
            {
                "AuthenticationFailed" or "InvalidAuthenticationInfo" or "NoAuthenticationInformation"
                    or "KeyBasedAuthenticationNotPermitted" => Rejected(),

                // The account key holds every right on the account, so an authorization failure under Shared Key is the
                // account refusing the key (Azurite answers a wrong signature this way); under a SAS it is a missing right.
                "AuthorizationFailure" => sas is null ? Rejected() : Denied(),
                "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch" or "AuthorizationServiceMismatch"
                    or "AuthorizationProtocolMismatch" or "AuthorizationSourceIPMismatch" or "AccountIsDisabled" => Denied(),
                "ContainerNotFound" => Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                    $"Container '{bucket}' does not exist in the storage account"),
                "InvalidResourceName" => Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                    $"The storage account does not accept '{bucket}' as a container name"),
                _ => status switch
                {
                    401 => Rejected(),
                    403 => Denied(),
                    404 => Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists, $"Container '{bucket}' was not found"),
                    >= 500 => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable, "The provider failed to answer"),
                    >= 300 and < 400 => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable,
                        "The provider answered with a redirect, which is not followed"),
                    _ => Failed(ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable,
                        "The provider answered with an unexpected error"),
                },
            };
        }
    }
}
