namespace BucketFunctions.Core.Buckets;

/// <summary>A list request carried a continuation token this service did not issue.</summary>
public sealed class InvalidContinuationTokenException() : ArgumentException("The continuation token is not one this service issued.", "continuationToken");
