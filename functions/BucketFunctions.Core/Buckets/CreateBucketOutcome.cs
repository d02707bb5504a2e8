using BucketFunctions.Core.Quotas;

namespace BucketFunctions.Core.Buckets;

/// <summary>What <see cref="IBucketStore.TryCreateAsync"/> did. Expected refusals are values, not exceptions.</summary>
public abstract record CreateBucketOutcome
{
    private CreateBucketOutcome() { }

    public sealed record Created(Bucket Bucket) : CreateBucketOutcome;

    public sealed record DuplicateName : CreateBucketOutcome;

    public sealed record QuotaExceeded(QuotaUsage Usage) : CreateBucketOutcome;

    /// <summary>The request's Idempotency-Key was taken over by a repeat after its lease lapsed: nothing was committed.</summary>
    public sealed record LeaseLost : CreateBucketOutcome;
}
