using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Quotas;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// Where bucket records live. One organization is one consistency boundary: creating a bucket, claiming its name and
/// counting it against the quota happen atomically, so concurrent requests can neither exceed the quota nor share a name.
/// A change made under an Idempotency-Key completes the key in the same transaction (<see cref="IdempotencyCompletion{T}"/>).
/// </summary>
public interface IBucketStore
{
    /// <summary>
    /// Creates the bucket, claims its name and counts it, atomically. The first attempt may trust <paramref name="observed"/>
    /// (from <see cref="ReadQuotaAsync"/>) instead of reading the quota again; its version still guards the commit. A
    /// bucket on a provider key is counted on the key in the same transaction, provided the key still holds the version
    /// the bucket names (the one it was proven with).
    /// </summary>
    Task<CreateBucketOutcome> TryCreateAsync(
        Bucket bucket, QuotaReading? observed, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken);

    /// <summary>
    /// True when the organization has a bucket of this name (compared as the name claim compares). Read before a bucket is
    /// created at the provider, so a duplicate creates nothing there; the commit's name claim still decides.
    /// </summary>
    Task<bool> NameTakenAsync(string organizationId, string name, CancellationToken cancellationToken);

    Task<Bucket?> GetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken);

    Task<BucketPage> ListAsync(string organizationId, BucketListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a bucket if its stored revision still equals <paramref name="expectedRevision"/>; a changed name moves its
    /// name claim, and a changed provider key its count (from the old key to the new), in the same transaction.
    /// </summary>
    Task<UpdateBucketOutcome> TryUpdateAsync(
        Bucket updated, long expectedRevision, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the bucket, releases its name and decrements the counter (and its provider key's count) atomically. False
    /// when there was no such bucket.
    /// </summary>
    Task<bool> DeleteAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken);

    /// <summary>
    /// Records what a credential check of <paramref name="checkedBucket"/> found, keeping the revision (a status is not a
    /// change by the client), with how long the provider took — only while the bucket is still at that revision: a
    /// verdict on an older credential or location must not overwrite the status a later change proved.
    /// </summary>
    Task RecordStatusAsync(
        Bucket checkedBucket, BucketStatus status, DateTimeOffset at, TimeSpan? latency, CancellationToken cancellationToken);

    Task<QuotaUsage> GetQuotaAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>The quota with the version a create can be guarded by (none when the organization has no counter yet).</summary>
    Task<QuotaReading> ReadQuotaAsync(string organizationId, CancellationToken cancellationToken);
}
