using Azure.Data.Tables;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Bench;

/// <summary>
/// <c>--prefill N</c>: before anything is measured, puts N bucket rows and their N name rows into every organization's
/// partition, both the host's (tenants) and the floor's, so the two sides work in partitions of the same size. It asks
/// whether Azurite's cost per request grows with the partition (its in-memory store filters a partition to find a row).
/// The counters are left alone: the limit is far above N, and only row counts matter here.
/// </summary>
internal static class Prefill
{
    private const int RowsPerTransaction = 100; // Table Storage's limit for one entity group transaction

    public static async Task RunAsync(string connectionString, IReadOnlyList<string> hostPartitions, IReadOnlyList<string> floorPartitions, int buckets)
    {
        var tables = TableClients.CreateService(new TableStorageOptions { ConnectionString = connectionString });
        var tenants = tables.GetTableClient("tenants");
        var floor = tables.GetTableClient(Floor.TenantsTable);
        var work = hostPartitions.Select(p => (tenants, p)).Concat(floorPartitions.Select(p => (floor, p))).ToList();
        var done = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, ct) =>
        {
            var (table, partition) = item;
            for (var start = 0; start < buckets; start += RowsPerTransaction / 2)
            {
                var actions = new List<TableTransactionAction>();
                for (var i = start; i < Math.Min(buckets, start + (RowsPerTransaction / 2)); i++)
                {
                    var id = Guid.NewGuid().ToString("N");
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, "bucket|" + id)
                    {
                        ["Name"] = "prefill " + id, ["BucketName"] = "prefill", ["StorageType"] = "S3", ["Status"] = "VERIFIED", ["Revision"] = 1L,
                    }));
                    actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, "name|prefill " + id) { ["BucketId"] = id }));
                }

                await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
            }

            Progress.Say($"prefilled {Interlocked.Increment(ref done)}/{work.Count} partitions with {buckets} buckets");
        }).ConfigureAwait(false);
    }
}
