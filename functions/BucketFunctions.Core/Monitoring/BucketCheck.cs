using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// One check of one bucket from one region, scheduled or by validate: what the history keeps, one row per check.
/// Holds no secret.
/// </summary>
public sealed record BucketCheck(
    string OrganizationId,
    Guid BucketId,
    string Region,
    string Version,
    string Host,
    BucketStatus Status,
    long LatencyMs,
    DateTimeOffset At)
{
    public bool IsOnline => Status == BucketStatus.Online;
}

/// <summary>A region's right to check a bucket in one interval, and what that region found last time.</summary>
/// <param name="Previous">The region's last check of the bucket, null before its first.</param>
/// <param name="PruneDue">True when the bucket's history has not been pruned today.</param>
/// <param name="Slot">The interval claimed; the history row names it.</param>
/// <param name="Token">The store's guard (an ETag): recording with it fails if another checker claimed meanwhile.</param>
public sealed record CheckClaim(BucketCheck? Previous, bool PruneDue, long Slot, object? Token);

/// <summary>One region's right to run the pass of one interval, held while it runs (renewed) and marked done at its end.</summary>
public sealed record PassLease(string Region, long Slot, string Holder, DateTimeOffset Until, object? Token);
