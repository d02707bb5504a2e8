using System.Security.Cryptography;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Idempotency;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tests.Buckets;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Idempotency;

/// <summary>
/// A bucket's commit completes the request's Idempotency-Key in its own transaction, against Azurite: the key keeps the
/// answer to exactly what committed, a lease lost to a repeat commits nothing, and renewals never refuse the commit.
/// </summary>
public sealed class IdempotentCommitTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-c";
    private static readonly byte[] Hash = [7, 8, 9];

    private readonly ManualClock clock = new();

    private sealed record Stores(TableIdempotencyStore Keys, TableBucketStore Buckets, TableClient Table, RequestCounter KeyRowRequests);

    private async Task<Stores> NewStoresAsync()
    {
        // Counts the requests that address the idempotency row on its own (a transaction goes to $batch instead).
        var keyRowRequests = new RequestCounter(r => r.Uri.ToString().Contains("idempotency", StringComparison.OrdinalIgnoreCase));
        var table = new TableClient(azurite.Azurite.ConnectionString, TestTables.UniqueName("commit"), keyRowRequests.Options());
        await table.CreateAsync();
        var keys = new TableIdempotencyStore(table, Options.Create(new IdempotencyOptions { LeaseDuration = TimeSpan.FromMinutes(1) }),
            clock, new IdempotencyFingerprint(RandomNumberGenerator.GetBytes(32)));
        return new Stores(keys, new TableBucketStore(table, Options.Create(new QuotaOptions())), table, keyRowRequests);
    }

    /// <summary>Renders what a route would answer: enough of the committed bucket to tell which one, and which revision.</summary>
    private static IdempotencyCompletion<Bucket> Completion(IdempotencyLease lease) =>
        new(lease, bucket => Json($$"""{"bucketId":"{{bucket.Id}}","revision":{{bucket.Revision}}}"""));

    private static StoredResponse Json(string body) => new(200, "application/json", body, new Dictionary<string, string>());

    private async Task<IdempotencyLease> ClaimAsync(Stores stores, string key = "k") =>
        Assert.IsType<IdempotencyClaim.Acquired>(await stores.Keys.TryClaimAsync(Org, key, Hash, CancellationToken.None)).Lease;

    private async Task<StoredResponse> KeptAsync(Stores stores, string key = "k") =>
        Assert.IsType<IdempotencyClaim.Replay>(await stores.Keys.TryClaimAsync(Org, key, Hash, CancellationToken.None)).Response;

    [Fact]
    public async Task A_create_under_a_key_completes_it_in_its_own_transaction()
    {
        var stores = await NewStoresAsync();
        var lease = await ClaimAsync(stores);
        var bucket = SampleBuckets.New(Org, "keyed");
        stores.KeyRowRequests.Reset();

        Assert.IsType<CreateBucketOutcome.Created>(
            await stores.Buckets.TryCreateAsync(bucket, null, Completion(lease), CancellationToken.None));

        Assert.Equal(0, stores.KeyRowRequests.Count);
        Assert.True(lease.IsEnded);
        Assert.Equal($$"""{"bucketId":"{{bucket.Id}}","revision":1}""", (await KeptAsync(stores)).Body);
        Assert.False(await stores.Keys.CompleteAsync(lease, Json("""{"late":true}"""), CancellationToken.None));
        Assert.Equal($$"""{"bucketId":"{{bucket.Id}}","revision":1}""", (await KeptAsync(stores)).Body);
        Assert.Equal((1, 1, 1, 1), await StoredAsync(stores.Table));
    }

    [Fact]
    public async Task A_create_whose_key_a_repeat_took_over_commits_nothing()
    {
        var stores = await NewStoresAsync();
        var lapsed = await ClaimAsync(stores);
        clock.Now += TimeSpan.FromMinutes(2);
        var taker = await ClaimAsync(stores);

        var outcome = await stores.Buckets.TryCreateAsync(SampleBuckets.New(Org, "late"), null, Completion(lapsed), CancellationToken.None);

        Assert.IsType<CreateBucketOutcome.LeaseLost>(outcome);
        Assert.True(lapsed.IsEnded);
        Assert.Equal((0, 0, 0, 1), await StoredAsync(stores.Table));
        Assert.True(await stores.Keys.CompleteAsync(taker, Json("{}"), CancellationToken.None));
    }

    [Fact]
    public async Task Renewals_running_while_the_create_commits_never_refuse_it()
    {
        var stores = await NewStoresAsync();

        // Each commit meets a renewal in flight about half the time; five make a missed race unlikely.
        for (var i = 0; i < 5; i++)
        {
            var key = $"k{i}";
            var lease = await ClaimAsync(stores, key);
            var bucket = SampleBuckets.New(Org, $"renewed {i}");
            var renewing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var renewals = Task.Run(async () =>
            {
                // Back to back, until the commit ends the lease.
                var renewed = 0;
                while (await stores.Keys.RenewAsync(lease, CancellationToken.None))
                {
                    renewed++;
                    renewing.TrySetResult();
                }

                return renewed;
            });
            await renewing.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var outcome = await stores.Buckets.TryCreateAsync(bucket, null, Completion(lease), CancellationToken.None);

            Assert.IsType<CreateBucketOutcome.Created>(outcome);
            Assert.True(await renewals.WaitAsync(TimeSpan.FromSeconds(30)) > 0);
            Assert.Contains(bucket.Id.ToString(), (await KeptAsync(stores, key)).Body, StringComparison.Ordinal);
        }

        Assert.Equal((5, 5, 5, 5), await StoredAsync(stores.Table));
    }

    [Fact]
    public async Task An_update_under_a_key_keeps_the_revision_it_commits()
    {
        var stores = await NewStoresAsync();
        var bucket = SampleBuckets.New(Org, "before");
        await stores.Buckets.TryCreateAsync(bucket, null, null, CancellationToken.None);
        var lease = await ClaimAsync(stores);

        var outcome = await stores.Buckets.TryUpdateAsync(bucket with { Name = "after" }, 1, Completion(lease), CancellationToken.None);

        Assert.Equal(2, Assert.IsType<UpdateBucketOutcome.Updated>(outcome).Bucket.Revision);
        Assert.True(lease.IsEnded);
        Assert.Equal($$"""{"bucketId":"{{bucket.Id}}","revision":2}""", (await KeptAsync(stores)).Body);
    }

    /// <summary>Bucket rows, name rows, the counter and idempotency rows of the organization.</summary>
    private static async Task<(int Buckets, int Names, int Counter, int Keys)> StoredAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableOData.Equal("PartitionKey", Org)))
        {
            rows.Add(row);
        }

        int Count(string prefix) => rows.Count(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal));
        var counter = rows.SingleOrDefault(r => r.RowKey == "quota")?.GetInt32("Used") ?? 0;
        return (Count("bucket|"), Count("name|"), counter, Count("idempotency|"));
    }
}
