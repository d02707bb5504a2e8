using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Idempotency;

/// <summary>
/// The writes that end a request's hold on its key — its completion, alone or inside the transaction it answers, and its
/// release — each conditional on the lease's version and taken in the lease's turn, so a renewal never refuses them.
/// </summary>
internal static class LeaseWrites
{
    /// <summary>Table string properties hold 32K UTF-16 characters; a larger response is simply not kept.</summary>
    public const int MaxStoredBodyLength = 30_000;

    /// <summary>
    /// Submits <paramref name="actions"/> as one transaction, with the completion of the request's key appended when it
    /// holds one: the answer rendered from <paramref name="committed"/>, so the key keeps exactly what commits. Null when
    /// the lease has ended (a repeat took the key over): then nothing was committed.
    /// </summary>
    public static async Task<Response<IReadOnlyList<Response>>?> SubmitCompletingAsync<T>(
        this TableClient tenants, IReadOnlyList<TableTransactionAction> actions, IdempotencyCompletion<T>? completion, T committed,
        CancellationToken cancellationToken)
    {
        if (completion is null)
        {
            return await tenants.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }

        var lease = completion.Lease;
        return await EndAsync(
            lease,
            () => tenants.SubmitTransactionAsync([.. actions, Completion(lease, completion.Render(committed))], cancellationToken),
            e => e is TableTransactionFailedException failed && failed.FailedAt(actions.Count) && e.IsStale()).ConfigureAwait(false);
    }

    /// <summary>
    /// The write that completes a held key with <paramref name="response"/>: its response columns merged into the row, or,
    /// when the answer is too large to keep, the row's removal (the key is freed instead).
    /// </summary>
    public static TableTransactionAction Completion(IdempotencyLease lease, StoredResponse response) =>
        response.Body.Length > MaxStoredBodyLength
            ? new(TableTransactionActionType.Delete, IdempotencyEntityMapper.Row(lease), new ETag(lease.Version))
            : new(TableTransactionActionType.UpdateMerge, IdempotencyEntityMapper.ToResponseEntity(lease, response),
                new ETag(lease.Version));

    /// <summary>
    /// Runs the last write under <paramref name="lease"/>, in its turn: landed, or refused by the lease's row
    /// (<paramref name="refusedByRow"/>: changed or gone, so taken over), it ends the lease. Null when it did not land.
    /// </summary>
    public static async Task<TResult?> EndAsync<TResult>(
        IdempotencyLease lease, Func<Task<TResult>> write, Func<RequestFailedException, bool> refusedByRow)
        where TResult : class
    {
        using var turn = await lease.TakeTurnAsync(CancellationToken.None).ConfigureAwait(false);
        if (lease.IsEnded)
        {
            return null;
        }

        try
        {
            var written = await write().ConfigureAwait(false);
            lease.End();
            return written;
        }
        catch (RequestFailedException e) when (refusedByRow(e))
        {
            lease.End();
            return null;
        }
    }
}
