using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// The Blob client's options for credential checks, built once and shared by every check's client: the guarded HTTP
/// client as transport, no retries and a network timeout of one check (so a check is bounded by
/// <see cref="ProviderHttp.Timeout"/>), answers no larger than <see cref="MaxResponseBytes"/>, and no request or response
/// logging (a SAS token travels in the URL).
/// </summary>
internal sealed class BlobProbeClientOptions : BlobClientOptions
{
    /// <summary>No answer a check reads comes near this: an error document, or a listing of at most one blob.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public BlobProbeClientOptions(ProviderHttp http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Transport = new HttpClientTransport(http.Client);
        Retry.MaxRetries = 0;
        Retry.NetworkTimeout = http.Timeout;
        Diagnostics.IsLoggingEnabled = false;
        Diagnostics.IsLoggingContentEnabled = false;
        Diagnostics.IsTelemetryEnabled = false;
        Diagnostics.IsDistributedTracingEnabled = false;
        AddPolicy(new BoundedResponsePolicy(MaxResponseBytes), HttpPipelinePosition.BeforeTransport);
    }
}
