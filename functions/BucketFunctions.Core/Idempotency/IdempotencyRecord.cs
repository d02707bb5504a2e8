namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// What is remembered of one Idempotency-Key: the keyed fingerprint of the request it came with
/// (<see cref="IdempotencyFingerprint"/>), and either a lease (the first request is still running) or the response it
/// finished with.
/// </summary>
public sealed record IdempotencyRecord(byte[] RequestFingerprint, DateTimeOffset CreatedAt, DateTimeOffset LeaseExpiresAt, StoredResponse? Response)
{
    public bool IsCompleted => Response is not null;
}
