using System.ComponentModel.DataAnnotations;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// Settings section <c>Health</c>: the scheduled re-check of every registered bucket. The bounds are the
/// <see cref="RangeAttribute"/>s below, checked at start (ValidateDataAnnotations, ValidateOnStart).
/// </summary>
public sealed class HealthCheckOptions
{
    public const string SectionName = "Health";

    /// <summary>How often every bucket is checked; from 5 seconds (so a test can use seconds) to one day.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Checks under way at once in one pass.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// The region this app checks from, recorded on every check; empty means the app's own region (the platform's
    /// <c>REGION_NAME</c> in Azure), else <c>local</c>.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>How long check history is kept; older rows are removed by the scheduled job.</summary>
    [Range(1, 3660)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>A region whose last check of a bucket is older than this many intervals is DISCONNECTED for it.</summary>
    public const int DisconnectedAfterIntervals = 2;
}
