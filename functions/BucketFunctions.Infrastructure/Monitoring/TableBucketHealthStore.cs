using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Monitoring;

/// <summary>
/// Check history in its own table. One partition per bucket (<c>{organization}|{bucket}</c>) holds its history rows,
/// keyed by the check's time so that a day is one key range of one partition, and one <c>latest|{region}</c> row per
/// region that checks it: the region's last check, the interval it last claimed the bucket in, and the day its history
/// was last pruned. A scheduled check claims the latest row under its ETag and records under the ETag the claim left,
/// so the history row and the new latest row commit in one transaction, and only for the claimant. The pass leases are
/// rows of partition <c>pass</c>, one per region.
/// </summary>
public sealed class TableBucketHealthStore(TableClient table, TimeProvider time) : IBucketHealthStore
{
    internal const string CheckPrefix = "check|";
    internal const string LatestPrefix = "latest|";
    internal const string PassPartition = "pass";

    /// <summary>Deletes per transaction when pruning: the service's limit for one entity group transaction.</summary>
    internal const int PruneBatch = 100;

    private const string StatusProperty = "Status";
    private const string LatencyProperty = "LatencyMs";
    private const string AtProperty = "At";
    private const string RegionProperty = "Region";
    private const string VersionProperty = "Version";
    private const string HostProperty = "Host";
    private const string ClaimedSlotProperty = "ClaimedSlot";
    private const string PrunedOnProperty = "PrunedOn";
    internal const string SlotProperty = "Slot";

    public static string Partition(string organizationId, Guid bucketId) => TableKey.Encode(organizationId) + "|" + bucketId.ToString("N");

    /// <summary>Sorts by time: the check's UTC ticks, fixed width; region and a random tail keep simultaneous checks apart.</summary>
    internal static string CheckRow(DateTimeOffset at, string region) =>
        CheckPrefix + TimeKey(at) + "|" + TableKey.Encode(region) + "|" + Guid.NewGuid().ToString("N")[..8];

    private static string TimeKey(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string LatestRow(string region) => LatestPrefix + TableKey.Encode(region);

    public async Task<CheckClaim?> TryClaimAsync(
        string organizationId, Guid bucketId, string region, long slot, CancellationToken cancellationToken)
    {
        var partition = Partition(organizationId, bucketId);
        var row = LatestRow(region);
        var current = await table.FindAsync(partition, row, cancellationToken).ConfigureAwait(false);
        if (current?.GetInt64(ClaimedSlotProperty) >= slot)
        {
            return null;
        }

        var claim = new TableEntity(partition, row) { [ClaimedSlotProperty] = slot };
        try
        {
            var written = current is null
                ? await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("O", CultureInfo.InvariantCulture);
            return new CheckClaim(
                current is null ? null : ToCheck(organizationId, bucketId, current), current?.GetString(PrunedOnProperty) != today, slot,
                written.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.IsTaken() || e.IsChanged())
        {
            return null;   // another instance claimed it first
        }
    }

    public async Task<bool> RecordAsync(BucketCheck check, CheckClaim? claim, bool pruned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var partition = Partition(check.OrganizationId, check.BucketId);
        var history = Fields(new TableEntity(partition, CheckRow(check.At, check.Region)), check);
        history[SlotProperty] = claim?.Slot;   // none for a validate
        var latest = Fields(new TableEntity(partition, LatestRow(check.Region)), check);
        if (pruned)
        {
            latest[PrunedOnProperty] = DateOnly.FromDateTime(check.At.UtcDateTime).ToString("O", CultureInfo.InvariantCulture);
        }

        TableTransactionAction latestAction = claim?.Token is ETag etag
            ? new(TableTransactionActionType.UpdateMerge, latest, etag)
            : new(TableTransactionActionType.UpsertMerge, latest);
        try
        {
            await table.SubmitTransactionAsync([new(TableTransactionActionType.Add, history), latestAction], cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (claim is not null && e.IsStale())
        {
            return false;   // a validate or another claimant wrote the latest row meanwhile: its verdict stands
        }
    }

    public async Task<IReadOnlyList<BucketCheck>> LatestAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken)
    {
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", Partition(organizationId, bucketId)), TableOData.StartsWith("RowKey", LatestPrefix));
        // A claim whose check never landed has no verdict yet.
        return await table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)
            .Where(row => row.GetDateTimeOffset(AtProperty) is not null)
            .Select(row => ToCheck(organizationId, bucketId, row))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<BucketCheck> DayAsync(
        string organizationId, Guid bucketId, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", Partition(organizationId, bucketId)),
            TableOData.Between("RowKey", CheckPrefix + TimeKey(start), CheckPrefix + TimeKey(start.AddDays(1))));
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToCheck(organizationId, bucketId, row);
        }
    }

    public Task<int> PruneAsync(string organizationId, Guid bucketId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var partition = Partition(organizationId, bucketId);
        return DeleteRowsAsync(partition, TableOData.And(
            TableOData.Equal("PartitionKey", partition), TableOData.Between("RowKey", CheckPrefix, CheckPrefix + TimeKey(cutoff))),
            cancellationToken);
    }

    public Task<int> ForgetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken)
    {
        var partition = Partition(organizationId, bucketId);
        return DeleteRowsAsync(partition, TableOData.Equal("PartitionKey", partition), cancellationToken);
    }

    private async Task<int> DeleteRowsAsync(string partition, string filter, CancellationToken cancellationToken)
    {
        var removed = 0;
        var batch = new List<TableTransactionAction>(PruneBatch);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, PruneBatch, ["RowKey"], cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            if (batch.Count == PruneBatch)
            {
                removed += await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        return removed + await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        if (count > 0)
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            batch.Clear();
        }

        return count;
    }

    public async Task<PassLease?> TryStartPassAsync(
        string region, long slot, string holder, DateTimeOffset now, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        var row = TableKey.Encode(region);
        var current = await table.FindAsync(PassPartition, row, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            var done = current.GetBoolean("Done") == true;
            if ((done && current.GetInt64("Slot") >= slot) || (!done && current.GetDateTimeOffset("Until") > now))
            {
                return null;
            }
        }

        var until = now + leaseFor;
        var lease = new TableEntity(PassPartition, row) { ["Slot"] = slot, ["Done"] = false, ["Until"] = until, ["Holder"] = holder };
        try
        {
            var written = current is null
                ? await table.AddEntityAsync(lease, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(lease, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new PassLease(region, slot, holder, until, written.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.IsTaken() || e.IsChanged())
        {
            return null;   // another instance started it first
        }
    }

    public async Task<PassLease?> RenewPassAsync(PassLease lease, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            var written = await table.UpdateEntityAsync(
                new TableEntity(PassPartition, TableKey.Encode(lease.Region)) { ["Until"] = until }, (ETag)lease.Token!, TableUpdateMode.Merge,
                cancellationToken).ConfigureAwait(false);
            return lease with { Until = until, Token = written.Headers.ETag };
        }
        catch (RequestFailedException e) when (e.IsStale())
        {
            return null;
        }
    }

    public async Task CompletePassAsync(PassLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(PassPartition, TableKey.Encode(lease.Region)) { ["Done"] = true }, (ETag)lease.Token!, TableUpdateMode.Merge,
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.IsStale())
        {
            // Taken over after the lease ran out: the new holder marks its own pass.
        }
    }

    private static TableEntity Fields(TableEntity entity, BucketCheck check)
    {
        entity[StatusProperty] = check.Status.ToString();
        entity[LatencyProperty] = check.LatencyMs;
        entity[AtProperty] = check.At;
        entity[RegionProperty] = check.Region;
        entity[VersionProperty] = check.Version;
        entity[HostProperty] = check.Host;
        return entity;
    }

    private static BucketCheck ToCheck(string organizationId, Guid bucketId, TableEntity row) => new(
        organizationId,
        bucketId,
        row.GetString(RegionProperty) ?? string.Empty,
        row.GetString(VersionProperty) ?? string.Empty,
        row.GetString(HostProperty) ?? string.Empty,
        Enum.TryParse<BucketStatus>(row.GetString(StatusProperty), out var status) ? status : BucketStatus.Unreachable,
        row.GetInt64(LatencyProperty) ?? 0,
        row.GetDateTimeOffset(AtProperty) ?? DateTimeOffset.MinValue);
}
