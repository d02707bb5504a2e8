namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// What is remembered of one Idempotency-Key: a hash of the request it came with, and either a lease (the first
/// request is still running) or the response it finished with.
/// </summary>
public sealed record IdempotencyRecord(byte[] RequestHash, DateTimeOffset CreatedAt, DateTimeOffset LeaseExpiresAt, StoredResponse? Response)
{
    public bool IsCompleted => Response is not null;
}
