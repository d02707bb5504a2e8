namespace BucketFunctions.Core.Buckets;

/// <summary>
/// What a change left: the bucket, and how long the provider took to prove it when the change needed proving
/// (credentials, bucket, region, endpoint or storage type changed); null when nothing had to be checked.
/// </summary>
public sealed record UpdatedBucket(Bucket Bucket, TimeSpan? CheckLatency);
