using BucketFunctions.Core.Results;

namespace BucketFunctions.Core.Idempotency;

/// <summary>The refusals of a request under an Idempotency-Key, worded once.</summary>
public static class IdempotencyFailures
{
    /// <summary>Another request holds the key: the first one, still running, or a repeat that took over its lapsed lease.</summary>
    public static Failure InProgress() =>
        new(FailureKind.IdempotencyInProgress, "Request in progress",
            "A request with this Idempotency-Key is still running; retry after it finishes.");

    public static Failure KeyReused() =>
        new(FailureKind.IdempotencyKeyReuse, "Idempotency key reused",
            "This Idempotency-Key was used with a different request (route, bucket or body); use a new key for a new request.");
}
