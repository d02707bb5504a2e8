using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Pipeline options for Azure Blob checks: the guarded HTTP client as transport, no retries (one bounded check), no
/// request or response logging (a SAS token travels in the URL).
/// </summary>
internal sealed class BlobProbeClientOptions : ClientOptions
{
    /// <summary>The Blob service REST version every request declares.</summary>
    public const string ServiceVersion = "2024-11-04";

    public BlobProbeClientOptions(HttpClient client)
    {
        Transport = new HttpClientTransport(client);
        Retry.MaxRetries = 0;
        Diagnostics.IsLoggingEnabled = false;
        Diagnostics.IsLoggingContentEnabled = false;
        Diagnostics.IsTelemetryEnabled = false;
        Diagnostics.IsDistributedTracingEnabled = false;
    }
}
