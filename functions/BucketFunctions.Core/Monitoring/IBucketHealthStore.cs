namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// Where checks are kept: one history row per check, the last check per bucket and region, and the claims that keep
/// two instances from checking one bucket (or running one pass) twice in an interval.
/// </summary>
public interface IBucketHealthStore
{
    /// <summary>
    /// Claims the bucket for <paramref name="region"/> in interval <paramref name="slot"/>; null when it is claimed
    /// in that interval already (by this or another instance).
    /// </summary>
    Task<CheckClaim?> TryClaimAsync(string organizationId, Guid bucketId, string region, long slot, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the history row and makes it the region's last check, atomically. With a <paramref name="claim"/>, only if
    /// the claim still holds (false otherwise); without one (a validate) unconditionally.
    /// </summary>
    Task<bool> RecordAsync(BucketCheck check, CheckClaim? claim, bool pruned, CancellationToken cancellationToken);

    /// <summary>The last check of the bucket by each region that has checked it.</summary>
    Task<IReadOnlyList<BucketCheck>> LatestAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken);

    /// <summary>The bucket's checks on one UTC day, oldest first.</summary>
    IAsyncEnumerable<BucketCheck> DayAsync(string organizationId, Guid bucketId, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Removes the bucket's history before <paramref name="cutoff"/>, in batches; returns how many rows went.</summary>
    Task<int> PruneAsync(string organizationId, Guid bucketId, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Removes everything kept about a deleted bucket (history, last checks, claims), in batches; returns how many rows went.</summary>
    Task<int> ForgetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the pass of interval <paramref name="slot"/> for <paramref name="region"/>: null when that pass is done
    /// already, or another holder's lease on a pass is still live.
    /// </summary>
    Task<PassLease?> TryStartPassAsync(
        string region, long slot, string holder, DateTimeOffset now, TimeSpan leaseFor, CancellationToken cancellationToken);

    /// <summary>Extends the lease; null when it was lost (taken over after it ran out).</summary>
    Task<PassLease?> RenewPassAsync(PassLease lease, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Marks the pass done, so no instance starts that interval's pass again.</summary>
    Task CompletePassAsync(PassLease lease, CancellationToken cancellationToken);
}
