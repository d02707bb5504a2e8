using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Results;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Http;

/// <summary>
/// The optional <c>Idempotency-Key</c> header: a repeat of the same request (route, route values, If-Match and body)
/// gets the first response again, the same key on another request gets 422, and a repeat while the first still runs
/// gets 409. Answers worth retrying (5xx, or an exception) free the key instead of being kept.
/// </summary>
public sealed class IdempotentRequests(IIdempotencyStore store)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <param name="requestFingerprint">What "the same request" is; computed only when a key was sent.</param>
    public async Task<ApiResponse> RunAsync(
        HttpRequest request, RequestContext context, string organizationId, Func<byte[]> requestFingerprint, Func<Task<ApiResponse>> execute)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return await execute().ConfigureAwait(false);
        }

        var key = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        if (IdempotencyRules.CheckKey(key) is { } problem)
        {
            return context.Fail(Failure.Field(FailureKind.ValidationFailed, "Validation failed", Header, problem));
        }

        var claim = await store.TryClaimAsync(organizationId, key, requestFingerprint(), context.CancellationToken).ConfigureAwait(false);
        switch (claim)
        {
            case IdempotencyClaim.Replay replay:
                context.Replayed = true;
                var headers = new Dictionary<string, string>(replay.Response.Headers) { [ReplayedHeader] = "true" };
                return new ApiResponse(replay.Response.StatusCode, replay.Response.ContentType, replay.Response.Body, headers);
            case IdempotencyClaim.InProgress:
                return context.Fail(new Failure(FailureKind.IdempotencyInProgress, "Request in progress", "A request with this Idempotency-Key is still running; retry after it finishes."));
            case IdempotencyClaim.KeyReused:
                return context.Fail(new Failure(FailureKind.IdempotencyKeyReuse, "Idempotency key reused", "This Idempotency-Key was used with a different request (route, bucket or body); use a new key for a new request."));
        }

        var lease = ((IdempotencyClaim.Acquired)claim).Lease;
        ApiResponse response;
        try
        {
            response = await execute().ConfigureAwait(false);
        }
        catch
        {
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (response.StatusCode >= 500)
        {
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await store.CompleteAsync(lease, new StoredResponse(response.StatusCode, response.ContentType, response.Body, response.Headers), CancellationToken.None).ConfigureAwait(false);
        }

        return response;
    }
}
