using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Idempotency;
using BucketFunctions.Infrastructure.ProviderKeys;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Buckets;

/// <summary>
/// Buckets in the tenants table. Every change that touches the quota or a name is one entity group transaction
/// over the organization's partition: the bucket row, its name claim, and the counter under its ETag. A 409 on the
/// name row means the name is taken; a 412 on the counter means another request got there first, so we re-read
/// and try again, a bounded number of times. A bucket on a provider key is counted on the key's row in the same
/// transaction, under that row's ETag (see <see cref="ProviderKeys.TableProviderKeyStore"/>). A create or update under an
/// Idempotency-Key completes the key in the same transaction too (<see cref="LeaseWrites.SubmitCompletingAsync"/>).
/// </summary>
public sealed class TableBucketStore(TableClient tenants, IOptions<QuotaOptions> quota) : IBucketStore
{
    internal const int MaxAttempts = 25;

    /// <summary>Organizations whose last counter state is remembered at once (see <see cref="BoundedCache{TKey, TValue}"/>).</summary>
    internal const int LastCountersCapacity = 10_000;

    // Operation positions inside the create transaction (the delete's counter update sits at the same place).
    private const int NameOperation = 1;
    private const int CounterOperation = 2;
    private const int ProviderKeyOperation = 3;

    // The counter as this instance last read or wrote it, per partition: lets a create skip the quota read. It may be
    // stale (another instance, a delete, an operator's new limit); a stale ETag fails the commit with 412 and the retry
    // reads afresh, so it costs a round trip, never a wrong count.
    private readonly BoundedCache<string, QuotaReading> lastCounters = new(LastCountersCapacity);

    // One counter write at a time per partition on this instance. Concurrent creates in one organization would otherwise
    // guard their commits with the same remembered ETag, and all but one would pay a refused transaction, a re-read and a
    // back-off; queued, each commits against the ETag the one before it left. Across instances the ETag still decides,
    // and a gate lost to the cache's clearing only lets two commits race as they would without it.
    private readonly BoundedCache<string, SemaphoreSlim> counterGates = new(LastCountersCapacity);

    /// <summary>
    /// The first attempt commits against the counter this instance last saw (see <see cref="Remembered"/>), else
    /// <paramref name="observed"/>, saving a read; a reading that says the quota is full is not trusted (it may be
    /// stale), so that case reads afresh.
    /// </summary>
    public Task<CreateBucketOutcome> TryCreateAsync(
        Bucket bucket, QuotaReading? observed, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var partition = TenantRows.Partition(bucket.OrganizationId);
        return OneCounterWriteAtATimeAsync(
            partition, () => CreateGatedAsync(bucket, partition, observed, completion, cancellationToken), cancellationToken);
    }

    private async Task<CreateBucketOutcome> CreateGatedAsync(
        Bucket bucket, string partition, QuotaReading? observed, IdempotencyCompletion<Bucket>? completion,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (counter, usage) =
                await CounterAsync(partition, attempt, observed, trustFull: false, cancellationToken).ConfigureAwait(false);
            if (usage.IsReached)
            {
                return new CreateBucketOutcome.QuotaExceeded(usage);
            }

            TableTransactionAction? keyAction = null;
            if (bucket.ApiKeyId is { } keyId)
            {
                var key = await tenants.FindAsync(partition, TenantRows.ProviderKey(keyId), cancellationToken).ConfigureAwait(false);
                if (KeyRefusal(key, bucket.CredentialVersion) is { } refusal)
                {
                    return refusal switch
                    {
                        KeyState.Missing => new CreateBucketOutcome.ApiKeyNotFound(),
                        KeyState.Full => new CreateBucketOutcome.ApiKeyFull(),
                        _ => new CreateBucketOutcome.ApiKeyChanged(),
                    };
                }

                keyAction = ProviderKeyEntityMapper.Count(key!, +1);
            }

            var counterAction = counter is null
                ? new TableTransactionAction(TableTransactionActionType.Add, QuotaRow.ToEntity(partition, 1, null))
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge, QuotaRow.ToEntity(partition, counter.Used + 1, counter.Limit), counter.ETag);
            try
            {
                List<TableTransactionAction> actions =
                [
                    new(TableTransactionActionType.Add, BucketEntityMapper.ToEntity(bucket)),
                    new(TableTransactionActionType.Add, NameClaim(partition, bucket)),
                    counterAction,
                ];
                if (keyAction is not null)
                {
                    actions.Add(keyAction);
                }

                var results = await tenants.SubmitCompletingAsync(actions, completion, bucket, cancellationToken).ConfigureAwait(false);
                if (results is null)
                {
                    return new CreateBucketOutcome.LeaseLost();
                }

                Remember(partition, usage with { Current = usage.Current + 1 }, CounterETag(results));
                return new CreateBucketOutcome.Created(bucket);
            }
            catch (TableTransactionFailedException e) when (e.FailedAt(NameOperation) && e.IsTaken())
            {
                return new CreateBucketOutcome.DuplicateName();
            }
            catch (TableTransactionFailedException e)
                when ((e.FailedAt(CounterOperation) && (e.IsTaken() || e.IsChanged())) || (e.FailedAt(ProviderKeyOperation) && e.IsStale()))
            {
                // The counter or the key's count moved (or the key went): the next attempt reads them afresh.
                await OptimisticRetry.BackOffAsync(attempt, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Why a bucket may not be counted on the key read as <paramref name="key"/>: it is gone, full, or no longer holds
    /// the credential version the bucket was proven with. Null when it may.
    /// </summary>
    private static KeyState? KeyRefusal(TableEntity? key, string? provenVersion) =>
        key is null ? KeyState.Missing
        : key.GetString(ProviderKeyEntityMapper.CredentialVersionProperty) != provenVersion ? KeyState.Rotated
        : (key.GetInt32(ProviderKeyEntityMapper.BucketCountProperty) ?? 0) >= ProviderKey.MaxBuckets ? KeyState.Full
        : null;

    private enum KeyState
    {
        Missing,
        Rotated,
        Full,
    }

    public async Task<bool> NameTakenAsync(string organizationId, string name, CancellationToken cancellationToken) =>
        await tenants.FindAsync(TenantRows.Partition(organizationId), TenantRows.Name(name), cancellationToken).ConfigureAwait(false)
            is not null;

    public Task<Bucket?> GetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken) =>
        tenants.FindAsync(
            TenantRows.Partition(organizationId), TenantRows.Bucket(bucketId), BucketEntityMapper.ToBucket, cancellationToken);

    public async Task<BucketPage> ListAsync(string organizationId, BucketListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > BucketListQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"A page holds 1 to {BucketListQuery.MaxPageSize} buckets.");
        }

        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", TenantRows.Partition(organizationId)),
            TableOData.StartsWith("RowKey", TenantRows.BucketPrefix),
            query.Workspaces is null ? null : TableOData.AnyEqual("WorkspaceId", query.Workspaces),
            query.WalletAddress is null ? null : TableOData.Equal(BucketEntityMapper.WalletAddressProperty, query.WalletAddress));
        var listing = organizationId + "\n" + filter;
        string? continuation = null;
        if (query.ContinuationToken is not null && !PageToken.TryOpen(query.ContinuationToken, listing, out continuation))
        {
            throw new InvalidContinuationTokenException();
        }

        // The service may return short pages with a continuation; fill the client's page so page size means something.
        var buckets = new List<Bucket>(query.PageSize);
        do
        {
            var remaining = query.PageSize - buckets.Count;
            var page = await tenants.QueryAsync<TableEntity>(filter, remaining, cancellationToken: cancellationToken)
                .AsPages(continuation, remaining).FirstAsync(cancellationToken).ConfigureAwait(false);
            buckets.AddRange(page.Values.Select(BucketEntityMapper.ToBucket));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null && buckets.Count < query.PageSize);

        return new BucketPage(buckets, continuation is null ? null : PageToken.Seal(continuation, listing));
    }

    public async Task<UpdateBucketOutcome> TryUpdateAsync(
        Bucket updated, long expectedRevision, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        var partition = TenantRows.Partition(updated.OrganizationId);
        Bucket? attempted = null;
        for (var attempt = 1; ; attempt++)
        {
            var currentEntity = await tenants.FindAsync(partition, TenantRows.Bucket(updated.Id), cancellationToken).ConfigureAwait(false);
            if (currentEntity is null)
            {
                return new UpdateBucketOutcome.NotFound();
            }

            var current = BucketEntityMapper.ToBucket(currentEntity);
            if (current == attempted)
            {
                // Our own transaction landed, but its answer was lost and the pipeline's retry was refused (412).
                return new UpdateBucketOutcome.Updated(current);
            }

            if (current.Revision != expectedRevision)
            {
                return new UpdateBucketOutcome.RevisionMismatch(current.Revision);
            }

            var next = updated with { Revision = expectedRevision + 1, CreatedAt = current.CreatedAt };
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, BucketEntityMapper.ToEntity(next), currentEntity.ETag),
            };
            var renamed = TenantRows.Name(current.Name) != TenantRows.Name(next.Name);
            if (renamed)
            {
                actions.Add(new(TableTransactionActionType.Add, NameClaim(partition, next)));
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TenantRows.Name(current.Name))));
            }

            // Moved to another provider key, onto one or off one: the count moves with it, in this transaction.
            var firstKeyOperation = actions.Count;
            if (current.ApiKeyId != next.ApiKeyId)
            {
                var oldKey = current.ApiKeyId is { } oldKeyId
                    ? await tenants.FindAsync(partition, TenantRows.ProviderKey(oldKeyId), cancellationToken).ConfigureAwait(false)
                    : null;
                if (oldKey is not null)
                {
                    actions.Add(ProviderKeyEntityMapper.Count(oldKey, -1));
                }

                if (next.ApiKeyId is { } newKeyId)
                {
                    var newKey = await tenants.FindAsync(partition, TenantRows.ProviderKey(newKeyId), cancellationToken)
                        .ConfigureAwait(false);
                    switch (KeyRefusal(newKey, next.CredentialVersion))
                    {
                        case KeyState.Missing: return new UpdateBucketOutcome.ApiKeyNotFound();
                        case KeyState.Full: return new UpdateBucketOutcome.ApiKeyFull();
                        case KeyState.Rotated: return new UpdateBucketOutcome.ApiKeyChanged();
                    }

                    actions.Add(ProviderKeyEntityMapper.Count(newKey!, +1));
                }
            }

            attempted = next;
            try
            {
                var results = await tenants.SubmitCompletingAsync(actions, completion, next, cancellationToken).ConfigureAwait(false);
                return results is null ? new UpdateBucketOutcome.LeaseLost() : new UpdateBucketOutcome.Updated(next);
            }
            catch (TableTransactionFailedException e) when (renamed && e.FailedAt(1) && e.IsTaken())
            {
                return new UpdateBucketOutcome.DuplicateName();
            }
            catch (TableTransactionFailedException e)
                when ((e.FailedAt(0) || e.FailedTransactionActionIndex >= firstKeyOperation) && e.IsStale())
            {
                // The bucket or a provider key changed or went since we read it: the next read tells which.
                await OptimisticRetry.BackOffAsync(attempt, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<bool> DeleteAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken)
    {
        var partition = TenantRows.Partition(organizationId);
        return OneCounterWriteAtATimeAsync(partition, () => DeleteGatedAsync(partition, bucketId, cancellationToken), cancellationToken);
    }

    private async Task<bool> DeleteGatedAsync(string partition, Guid bucketId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var bucketEntity = await tenants.FindAsync(partition, TenantRows.Bucket(bucketId), cancellationToken).ConfigureAwait(false);
            if (bucketEntity is null)
            {
                return false;
            }

            var bucket = BucketEntityMapper.ToBucket(bucketEntity);
            var (counter, usage) = await CounterAsync(partition, attempt, null, trustFull: true, cancellationToken).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Delete, bucketEntity, bucketEntity.ETag),
                new(TableTransactionActionType.Delete, new TableEntity(partition, TenantRows.Name(bucket.Name))),
            };
            if (counter is not null)
            {
                actions.Add(new(TableTransactionActionType.UpdateMerge, QuotaRow.ToEntity(partition, Math.Max(0, counter.Used - 1), counter.Limit), counter.ETag));
            }

            var keyOperation = actions.Count;
            if (bucket.ApiKeyId is { } keyId
                && await tenants.FindAsync(partition, TenantRows.ProviderKey(keyId), cancellationToken).ConfigureAwait(false) is { } key)
            {
                actions.Add(ProviderKeyEntityMapper.Count(key, -1));
            }

            try
            {
                var results = await tenants.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                Remember(partition, usage with { Current = Math.Max(0, usage.Current - 1) }, counter is null ? null : CounterETag(results));
                return true;
            }
            catch (TableTransactionFailedException e)
                when ((e.FailedAt(0) || e.FailedAt(CounterOperation) || e.FailedAt(keyOperation)) && e.IsStale())
            {
                // The bucket changed, vanished, or the counter or its key's count moved: re-read and decide again.
                await OptimisticRetry.BackOffAsync(attempt, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A merge of the two status columns under the ETag of a row still at the checked revision: it never resurrects a
    /// deleted bucket, never lands on a newer revision (412 or a changed revision: nothing to record), and leaves the
    /// revision and every other column as the last change left them.
    /// </summary>
    public async Task RecordStatusAsync(
        Bucket checkedBucket, BucketStatus status, DateTimeOffset at, TimeSpan? latency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkedBucket);
        var partition = TenantRows.Partition(checkedBucket.OrganizationId);
        var row = TenantRows.Bucket(checkedBucket.Id);
        var current = await tenants.FindAsync(partition, row, ["Revision"], cancellationToken).ConfigureAwait(false);
        if (current?.GetInt64("Revision") != checkedBucket.Revision)
        {
            return;
        }

        var entity = new TableEntity(partition, row)
        {
            [BucketEntityMapper.StatusProperty] = status.ToString(),
            [BucketEntityMapper.LastStatusAtProperty] = at,
            [BucketEntityMapper.LatencyProperty] = latency is { } taken ? (long)taken.TotalMilliseconds : null,
        };
        try
        {
            await tenants.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsStale())
        {
            // Deleted or changed since it was checked: the verdict is about a bucket that is no more.
        }
    }

    /// <summary>Always read from the table: this is what the quota route shows.</summary>
    public async Task<QuotaUsage> GetQuotaAsync(string organizationId, CancellationToken cancellationToken) =>
        (await ReadQuotaFreshAsync(TenantRows.Partition(organizationId), cancellationToken).ConfigureAwait(false)).Usage;

    /// <summary>
    /// The counter and its ETag, for a create to guard its commit with; no version when the organization has no counter
    /// row yet (its first create adds one). The last state this instance saw is returned without a read when it says
    /// there is room: if it is stale the commit's ETag check refuses it and the store reads afresh. A state that says the
    /// quota is full is never served from memory, so a refusal always rests on a fresh read.
    /// </summary>
    public async Task<QuotaReading> ReadQuotaAsync(string organizationId, CancellationToken cancellationToken)
    {
        var partition = TenantRows.Partition(organizationId);
        return lastCounters.TryGet(partition, out var last) && !last.Usage.IsReached
            ? last
            : await ReadQuotaFreshAsync(partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The counter as this instance last saw it, to guard a first attempt with: what it last committed (newer than a
    /// request's own earlier <paramref name="reading"/> when the request queued at the gate), else that reading. Limit is
    /// left out, so the update merges Used only; the ETag guarantees the limit is still the one read.
    /// </summary>
    private (QuotaRow Counter, QuotaUsage Usage)? Remembered(string partition, QuotaReading? reading)
    {
        var known = lastCounters.TryGet(partition, out var last) ? last : reading;
        return known is { Version: { } etag } ? (new QuotaRow(known.Usage.Current, null, new ETag(etag)), known.Usage) : null;
    }

    /// <summary>
    /// The counter an attempt commits against: on the first, the one <see cref="Remembered"/> gives, unless it says the
    /// quota is full and <paramref name="trustFull"/> is not set (a create's refusal rests on a fresh read; a delete frees
    /// room either way); otherwise read afresh, and remembered.
    /// </summary>
    private async Task<(QuotaRow? Counter, QuotaUsage Usage)> CounterAsync(
        string partition, int attempt, QuotaReading? observed, bool trustFull, CancellationToken cancellationToken)
    {
        if (attempt == 1 && Remembered(partition, observed) is { } remembered && (trustFull || !remembered.Usage.IsReached))
        {
            return remembered;
        }

        var counter = await ReadCounterAsync(partition, cancellationToken).ConfigureAwait(false);
        return (counter, Remember(partition, Usage(counter), counter?.ETag).Usage);
    }

    private async Task<T> OneCounterWriteAtATimeAsync<T>(string partition, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var gate = counterGates.GetOrAdd(partition, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static TableEntity NameClaim(string partition, Bucket bucket) =>
        new(partition, TenantRows.Name(bucket.Name)) { ["BucketId"] = bucket.Id };

    private async Task<QuotaReading> ReadQuotaFreshAsync(string partition, CancellationToken cancellationToken)
    {
        var counter = await ReadCounterAsync(partition, cancellationToken).ConfigureAwait(false);
        return Remember(partition, Usage(counter), counter?.ETag);
    }

    /// <summary>Keeps the counter state just read or committed; a state without an ETag is forgotten instead (nothing to guard with).</summary>
    private QuotaReading Remember(string partition, QuotaUsage usage, ETag? etag)
    {
        var reading = new QuotaReading(usage, etag is { } e && e != default ? e.ToString() : null);
        if (reading.Version is null)
        {
            lastCounters.Remove(partition);
        }
        else
        {
            lastCounters.Set(partition, reading);
        }

        return reading;
    }

    private async Task<QuotaRow?> ReadCounterAsync(string partition, CancellationToken cancellationToken) =>
        QuotaRow.From(await tenants.FindAsync(partition, TenantRows.Quota, cancellationToken).ConfigureAwait(false));

    /// <summary>The counter's new ETag from a committed create or delete; none when the transaction did not touch it.</summary>
    private static ETag? CounterETag(Response<IReadOnlyList<Response>> results) =>
        results.Value.Count > CounterOperation ? results.Value[CounterOperation].Headers.ETag : null;

    private QuotaUsage Usage(QuotaRow? counter) => new(counter?.Used ?? 0, quota.Value.EffectiveLimit(counter?.Limit));
}
