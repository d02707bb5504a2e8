using Azure.Core;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Pipeline options for <see cref="TableClient"/>. Azure.Core supplies retries (408, 429, 500, 502, 503, 504 with
/// exponential backoff), request ids and diagnostics; this only sets the defaults the Table service expects.
/// </summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The Table service REST version every request declares.</summary>
    public const string ServiceVersion = "2019-02-02";

    public TableClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 4;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = TimeSpan.FromSeconds(5);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
