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

    /// <summary>The bucket's provider key is gone (deleted since it was read).</summary>
    public sealed record ApiKeyNotFound : CreateBucketOutcome;

    /// <summary>The provider key serves <see cref="ProviderKeys.ProviderKey.MaxBuckets"/> buckets already.</summary>
    public sealed record ApiKeyFull : CreateBucketOutcome;

    /// <summary>The provider key was rotated since the bucket was proven with it: the proof is of another secret.</summary>
    public sealed record ApiKeyChanged : CreateBucketOutcome;
}
