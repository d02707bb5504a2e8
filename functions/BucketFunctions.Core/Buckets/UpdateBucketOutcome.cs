namespace BucketFunctions.Core.Buckets;

/// <summary>What <see cref="IBucketStore.TryUpdateAsync"/> did.</summary>
public abstract record UpdateBucketOutcome
{
    private UpdateBucketOutcome() { }

    public sealed record Updated(Bucket Bucket) : UpdateBucketOutcome;

    public sealed record NotFound : UpdateBucketOutcome;

    public sealed record RevisionMismatch(long CurrentRevision) : UpdateBucketOutcome;

    public sealed record DuplicateName : UpdateBucketOutcome;

    /// <summary>The request's Idempotency-Key was taken over by a repeat after its lease lapsed: nothing was committed.</summary>
    public sealed record LeaseLost : UpdateBucketOutcome;

    /// <summary>The provider key the change moves the bucket to is gone.</summary>
    public sealed record ApiKeyNotFound : UpdateBucketOutcome;

    /// <summary>The provider key the change moves the bucket to serves its most buckets already.</summary>
    public sealed record ApiKeyFull : UpdateBucketOutcome;

    /// <summary>The provider key the change moves the bucket to was rotated since the change was proven with it.</summary>
    public sealed record ApiKeyChanged : UpdateBucketOutcome;
}
