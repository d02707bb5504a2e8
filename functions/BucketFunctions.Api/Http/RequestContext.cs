using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Http;

/// <summary>Per-request facts the pipeline logs and the handlers need: correlation id, cancellation, the caller's organization.</summary>
public sealed class RequestContext(string correlationId, CancellationToken cancellationToken)
{
    public string CorrelationId { get; } = correlationId;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public string? OrganizationId { get; set; }

    public string? FailureCode { get; private set; }

    /// <summary>Set when the response is a kept one, replayed for a repeated Idempotency-Key.</summary>
    public bool Replayed { get; set; }

    /// <summary>The Idempotency-Key this request holds while it runs; null when it sent none.</summary>
    public IdempotencyLease? IdempotencyLease { get; set; }

    /// <summary>
    /// How the request's commit completes its Idempotency-Key: with the success <paramref name="respond"/> makes of what
    /// it commits, rendered as the route renders it. Null when the request holds no key.
    /// </summary>
    public IdempotencyCompletion<T>? Completion<T, TResponse>(Func<T, TResponse> respond)
        where TResponse : notnull =>
        IdempotencyLease is { } lease ? new(lease, committed => ApiResponse.Success(respond(committed)).ToStored()) : null;

    /// <summary>The problem response for a failure, remembering its code for the request's log line.</summary>
    public ApiResponse Fail(Failure failure, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        FailureCode = ProblemCodes.For(failure.Kind).Code;
        return Problem.From(failure, CorrelationId, headers);
    }
}
