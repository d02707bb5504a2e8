namespace BucketFunctions.Core.Buckets;

/// <summary>What <see cref="IBucketStore.TryUpdateAsync"/> did.</summary>
public abstract record UpdateBucketOutcome
{
    private UpdateBucketOutcome() { }

    public sealed record Updated(Bucket Bucket) : UpdateBucketOutcome;

    public sealed record NotFound : UpdateBucketOutcome;

    public sealed record RevisionMismatch(long CurrentRevision) : UpdateBucketOutcome;

    public sealed record DuplicateName : UpdateBucketOutcome;
}
