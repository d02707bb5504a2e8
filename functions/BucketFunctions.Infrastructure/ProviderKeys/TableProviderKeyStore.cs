using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.ProviderKeys;

/// <summary>
/// Provider keys in the tenants table, in the organization's partition beside its buckets (<see cref="TenantRows"/>).
/// Buckets name their key in an <c>ApiKeyId</c> column; the key row's <c>BucketCount</c> is kept by the buckets' own
/// transactions (<see cref="TableBucketStore"/>). A rotation is one entity group transaction: the key row and every bucket
/// row that uses it, each under the ETag of the read that checked its revision.
/// </summary>
public sealed class TableProviderKeyStore(TableClient tenants) : IProviderKeyStore
{
    internal const int MaxAttempts = 10;

    public Task CreateAsync(ProviderKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return tenants.AddEntityAsync(ProviderKeyEntityMapper.ToEntity(key), cancellationToken);
    }

    public Task<ProviderKey?> GetAsync(string organizationId, Guid keyId, CancellationToken cancellationToken) =>
        tenants.FindAsync(
            TenantRows.Partition(organizationId), TenantRows.ProviderKey(keyId), ProviderKeyEntityMapper.ToKey, cancellationToken);

    public async Task<IReadOnlyList<ProviderKey>> ListAsync(string organizationId, CancellationToken cancellationToken)
    {
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", TenantRows.Partition(organizationId)),
            TableOData.StartsWith("RowKey", TenantRows.ProviderKeyPrefix));
        return await tenants.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .Select(entity => ProviderKeyEntityMapper.ToKey(entity)).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Bucket>> ListBucketsAsync(string organizationId, Guid keyId, CancellationToken cancellationToken) =>
        [.. (await BucketRowsAsync(TenantRows.Partition(organizationId), keyId, cancellationToken).ConfigureAwait(false))
            .Select(BucketEntityMapper.ToBucket)];

    public async Task<ProviderKeyWrite> TryReplaceAsync(
        ProviderKey updated, long expectedRevision, IReadOnlyList<Bucket> rewritten, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(rewritten);
        if (rewritten.Count > ProviderKey.MaxBuckets)
        {
            throw new ArgumentOutOfRangeException(nameof(rewritten), "A transaction holds the key and at most 99 buckets.");
        }

        var partition = TenantRows.Partition(updated.OrganizationId);
        var current = await tenants.FindAsync(partition, TenantRows.ProviderKey(updated.Id), cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new ProviderKeyWrite.NotFound();
        }

        var stored = ProviderKeyEntityMapper.ToKey(current);
        if (stored.Revision != expectedRevision)
        {
            return new ProviderKeyWrite.Changed();
        }

        var keyRow = ProviderKeyEntityMapper.ToEntity(updated with { BucketCount = stored.BucketCount, CreatedAt = stored.CreatedAt });
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, keyRow, current.ETag) };
        if (rewritten.Count > 0)
        {
            // The buckets rewritten must be all the key's buckets, each still at the revision the caller proved it at.
            var rows = (await BucketRowsAsync(partition, updated.Id, cancellationToken).ConfigureAwait(false))
                .ToDictionary(row => row.GetGuid("Id") ?? Guid.Empty);
            if (rows.Count != rewritten.Count || stored.BucketCount != rewritten.Count)
            {
                return new ProviderKeyWrite.Changed();
            }

            foreach (var bucket in rewritten)
            {
                if (!rows.TryGetValue(bucket.Id, out var row) || row.GetInt64("Revision") != bucket.Revision - 1)
                {
                    return new ProviderKeyWrite.Changed();
                }

                actions.Add(new(TableTransactionActionType.UpdateReplace, BucketEntityMapper.ToEntity(bucket), row.ETag));
            }
        }

        try
        {
            await tenants.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return new ProviderKeyWrite.Done();
        }
        catch (TableTransactionFailedException e) when (e.IsStale())
        {
            return new ProviderKeyWrite.Changed();  // a row changed between this read and the commit
        }
    }

    public async Task<ProviderKeyWrite> TryDeleteAsync(string organizationId, Guid keyId, CancellationToken cancellationToken)
    {
        var partition = TenantRows.Partition(organizationId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await tenants.FindAsync(partition, TenantRows.ProviderKey(keyId), cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new ProviderKeyWrite.NotFound();
            }

            if (ProviderKeyEntityMapper.ToKey(current).BucketCount is > 0 and var count)
            {
                return new ProviderKeyWrite.InUse(count);
            }

            try
            {
                // Under the ETag of the read that found no bucket: a bucket counted since makes this refuse (412).
                await tenants.DeleteEntityAsync(current, current.ETag, cancellationToken).ConfigureAwait(false);
                return new ProviderKeyWrite.Done();
            }
            catch (Azure.RequestFailedException e) when (e.IsStale())
            {
                await OptimisticRetry.BackOffAsync(attempt, MaxAttempts, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rows of the buckets that use the key, with their ETags.</summary>
    private async Task<List<TableEntity>> BucketRowsAsync(string partition, Guid keyId, CancellationToken cancellationToken)
    {
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", partition),
            TableOData.StartsWith("RowKey", TenantRows.BucketPrefix),
            BucketEntityMapper.ApiKeyIdProperty + TableClient.CreateQueryFilter($" eq {keyId}"));
        return await tenants.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }
}
