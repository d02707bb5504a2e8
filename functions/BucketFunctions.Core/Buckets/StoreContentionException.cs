namespace BucketFunctions.Core.Buckets;

/// <summary>
/// Too many concurrent changes to one organization kept an optimistic write from landing. Nothing was written; the
/// request can be retried.
/// </summary>
public sealed class StoreContentionException(int attempts)
    : Exception($"Gave up after {attempts} attempts: the organization's records kept changing concurrently.")
{
    public int Attempts { get; } = attempts;
}
