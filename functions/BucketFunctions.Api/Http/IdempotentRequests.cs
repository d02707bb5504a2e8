using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Http;

/// <summary>
/// The optional <c>Idempotency-Key</c> header: a repeat of the same request (route, route values, If-Match and body)
/// gets the first response again, the same key on another request gets 422, and a repeat while the first still runs
/// gets 409. The running request renews its short lease, so the key of one whose host died is free again within
/// <see cref="IdempotencyOptions.LeaseDuration"/>. A route whose commit completes the key
/// (<see cref="RequestContext.Completion{T, TResponse}"/>) keeps its answer in that commit; otherwise the answer is kept
/// afterwards. Answers worth retrying (5xx, or an exception) free the key instead of being kept.
/// </summary>
public sealed class IdempotentRequests(
    IIdempotencyStore store, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotentRequests> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Renewals per lease: two in a row may fail or be slow before a repeat can take the key over.</summary>
    private const int RenewalsPerLease = 3;

    /// <param name="requestFingerprint">What "the same request" is; computed only when a key was sent.</param>
    public async Task<ApiResponse> RunAsync(
        HttpRequest request, RequestContext context, string organizationId, Func<byte[]> requestFingerprint, Func<Task<ApiResponse>> execute)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
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
                return context.Fail(IdempotencyFailures.InProgress());
            case IdempotencyClaim.KeyReused:
                return context.Fail(IdempotencyFailures.KeyReused());
        }

        var lease = ((IdempotencyClaim.Acquired)claim).Lease;
        context.IdempotencyLease = lease;
        ApiResponse response;
        try
        {
            response = await RunRenewingAsync(lease, context, execute).ConfigureAwait(false);
        }
        catch
        {
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // Both do nothing once the lease has ended: the commit completed the key, or a repeat took it over.
        if (response.StatusCode >= 500)
        {
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await store.CompleteAsync(lease, response.ToStored(), CancellationToken.None).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Runs the request while renewing its lease; the renewals have stopped when this returns.</summary>
    private async Task<ApiResponse> RunRenewingAsync(IdempotencyLease lease, RequestContext context, Func<Task<ApiResponse>> execute)
    {
        using var finished = new CancellationTokenSource();
        var renewals = RenewUntilAsync(lease, context, finished.Token);
        try
        {
            return await execute().ConfigureAwait(false);
        }
        finally
        {
            await finished.CancelAsync().ConfigureAwait(false);
            await renewals.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Renews until the request finishes or the lease ends. A renewal is never cancelled midway: one that landed unseen
    /// would leave the lease's version behind, and the request's own completion would then be refused.
    /// </summary>
    private async Task RenewUntilAsync(IdempotencyLease lease, RequestContext context, CancellationToken finished)
    {
        var interval = options.Value.LeaseDuration / RenewalsPerLease;
        try
        {
            do
            {
                await Task.Delay(interval, time, finished).ConfigureAwait(false);
            }
            while (await RenewOnceAsync(lease, context).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (finished.IsCancellationRequested)
        {
            // The request finished.
        }
    }

    /// <summary>False when the lease has ended; a failed renewal is logged and the next one tried, as the lease may still hold.</summary>
    private async Task<bool> RenewOnceAsync(IdempotencyLease lease, RequestContext context)
    {
        try
        {
            return await store.RenewAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "Could not renew an Idempotency-Key lease; organization {OrganizationId}; correlation {CorrelationId}: {Error}",
                context.OrganizationId, context.CorrelationId, SafeException.Describe(e));
            return true;
        }
    }
}
