namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// How a request holding an Idempotency-Key completes it inside the commit whose answer it keeps: the store renders the
/// answer from what it commits (<see cref="Render"/>) and writes it in the same transaction, conditional on the lease.
/// So a committed change always replays its answer, even when its request dies before answering, and a request whose
/// lease was taken over commits nothing.
/// </summary>
public sealed record IdempotencyCompletion<T>(IdempotencyLease Lease, Func<T, StoredResponse> Render);
