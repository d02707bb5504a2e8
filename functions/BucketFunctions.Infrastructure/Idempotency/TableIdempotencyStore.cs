using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Idempotency;

/// <summary>
/// Idempotency keys as rows of the organization's partition, beside the buckets, so a bucket's commit can complete its
/// key in the same transaction (<see cref="LeaseWrites"/>). A claim is an insert (409 = someone holds or held the key);
/// taking over a lapsed lease, renewing, completing and releasing all go through the row's ETag, so exactly one
/// request runs under a key at a time. A row keeps the request's fingerprint (<see cref="IdempotencyFingerprint"/>, an
/// HMAC of the hash it is given under a server-side key), never the hash itself.
/// </summary>
public sealed class TableIdempotencyStore(
    TableClient tenants, IOptions<IdempotencyOptions> options, TimeProvider time, IdempotencyFingerprint fingerprint) : IIdempotencyStore
{
    private const int MaxAttempts = 10;

    public async Task<IdempotencyClaim> TryClaimAsync(string organizationId, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        var requestFingerprint = fingerprint.Of(requestHash);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                // Lost a race for the key (released or taken over in between): pause like every optimistic writer here.
                await OptimisticRetry.BackOffAsync(attempt - 1, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }

            var now = time.GetUtcNow();
            var pending = IdempotencyEntityMapper.ToEntity(organizationId, key, new IdempotencyRecord(requestFingerprint, now, now + options.Value.LeaseDuration, null));
            try
            {
                var added = await tenants.AddEntityAsync(pending, cancellationToken).ConfigureAwait(false);
                return Acquired(organizationId, key, added.Headers.ETag);
            }
            catch (RequestFailedException e) when (e.IsTaken())
            {
                // Held or finished before: decide from what is there.
            }

            var existing = await tenants.FindAsync(pending.PartitionKey, pending.RowKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;  // released in between: claim again
            }

            var record = IdempotencyEntityMapper.ToRecord(existing);
            switch (IdempotencyRules.Decide(record, requestFingerprint, now, options.Value))
            {
                case IdempotencyRules.Decision.Replay:
                    return new IdempotencyClaim.Replay(record.Response!);
                case IdempotencyRules.Decision.InProgress:
                    return new IdempotencyClaim.InProgress();
                case IdempotencyRules.Decision.KeyReused:
                    return new IdempotencyClaim.KeyReused();
                case IdempotencyRules.Decision.TakeOver:
                    try
                    {
                        var taken = await tenants.UpdateEntityAsync(pending, existing.ETag, TableUpdateMode.Replace, cancellationToken)
                            .ConfigureAwait(false);
                        return Acquired(organizationId, key, taken.Headers.ETag);
                    }
                    catch (RequestFailedException e) when (e.IsStale())
                    {
                        continue;  // another request took it over first
                    }
            }
        }
    }

    /// <summary>
    /// A merge of the lease's end under its version: it lands only on the row this request claimed, still held by it (a
    /// take-over since answers 412), and moves the version on for the request's later writes.
    /// </summary>
    public async Task<bool> RenewAsync(IdempotencyLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        using var turn = await lease.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        if (lease.IsEnded)
        {
            return false;
        }

        var renewal = IdempotencyEntityMapper.ToLeaseEntity(lease, time.GetUtcNow() + options.Value.LeaseDuration);
        try
        {
            var renewed = await tenants.UpdateEntityAsync(renewal, new ETag(lease.Version), TableUpdateMode.Merge, cancellationToken)
                .ConfigureAwait(false);
            lease.Renewed(VersionOf(renewed.Headers.ETag));
            return true;
        }
        catch (RequestFailedException e) when (e.IsStale())
        {
            lease.End();
            return false;
        }
    }

    /// <summary>
    /// One conditional write (<see cref="LeaseWrites.Completion"/>): it keeps that row's fingerprint and times, and lands
    /// only while the lease holds. An answer too large to keep frees the key instead, and counts as not kept.
    /// </summary>
    public async Task<bool> CompleteAsync(IdempotencyLease lease, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(response);
        var written = await LeaseWrites.EndAsync(
            lease, () => tenants.SubmitTransactionAsync([LeaseWrites.Completion(lease, response)], cancellationToken), e => e.IsStale())
            .ConfigureAwait(false);
        return written is not null && response.Body.Length <= LeaseWrites.MaxStoredBodyLength;
    }

    public async Task ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await LeaseWrites.EndAsync(
            lease,
            () => tenants.DeleteEntityAsync(IdempotencyEntityMapper.Row(lease), new ETag(lease.Version), cancellationToken),
            e => e.IsStale()).ConfigureAwait(false);  // refused: someone else holds it now, theirs to release
    }

    /// <summary>A lease is the row's ETag as this request wrote it; every later write of the request is conditional on it.</summary>
    private static IdempotencyClaim.Acquired Acquired(string organizationId, string key, ETag? etag) =>
        new(new IdempotencyLease(organizationId, key, VersionOf(etag)));

    private static string VersionOf(ETag? etag) =>
        (etag ?? throw new InvalidOperationException("The table answered a write without an ETag.")).ToString();
}
