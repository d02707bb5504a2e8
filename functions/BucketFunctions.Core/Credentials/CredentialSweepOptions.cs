using System.ComponentModel.DataAnnotations;

namespace BucketFunctions.Core.Credentials;

/// <summary>Settings section <c>Vault:Sweep</c>: the removal of vault entries that no bucket owns.</summary>
public sealed class CredentialSweepOptions
{
    public const string SectionName = "Vault:Sweep";

    /// <summary>
    /// An entry without a bucket is removed only when older than this. A registration writes the vault before it commits
    /// the bucket, so a younger entry may belong to a commit still under way: at least 5 minutes, longer than a function
    /// may run (host.json's functionTimeout) and as long as an idempotency lease.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the local host's background sweep runs (the Functions app uses its timer's schedule instead).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}
