namespace BucketFunctions.Core.Buckets;

/// <summary>A page of buckets; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record BucketPage(IReadOnlyList<Bucket> Buckets, string? ContinuationToken);
