using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Buckets;

/// <summary>
/// What Flashback's client needs of the store: the storage type's spelling and the wallet kept, and the list filtered by
/// wallet.
/// </summary>
public sealed class BucketStoreSpellingAndWalletTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-1";

    private async Task<(TableBucketStore Store, TableClient Table)> NewStoreAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "tenants");
        return (new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = 100 })), table);
    }

    [Theory]
    [InlineData("BLOB", StorageType.Azure)]
    [InlineData("AZURE", StorageType.Azure)]
    [InlineData("GCS", StorageType.Gcs)]
    public async Task The_spelling_and_the_wallet_come_back_as_stored(string spelling, StorageType type)
    {
        var (store, _) = await NewStoreAsync();
        var bucket = SampleBuckets.New(Org, "a") with { StorageTypeName = spelling, WalletAddress = "GWALLET" };
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);

        var read = (await store.GetAsync(Org, bucket.Id, CancellationToken.None))!;

        Assert.Equal((spelling, type, "GWALLET"), (read.StorageTypeName, read.StorageType, read.WalletAddress));
    }

    [Theory]
    [InlineData("Azure", "AZURE")]
    [InlineData("Gcs", "GCS")]
    [InlineData("S3", "S3")]
    public async Task A_row_written_before_spellings_were_kept_reads_as_the_canonical_name(string enumName, string spelling)
    {
        var (store, table) = await NewStoreAsync();
        var bucket = SampleBuckets.New(Org, "old");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
        TableEntity row = await table.GetEntityAsync<TableEntity>(TenantRows.Partition(Org), TenantRows.Bucket(bucket.Id));
        row["StorageType"] = enumName;
        row.Remove("WalletAddress");
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var read = (await store.GetAsync(Org, bucket.Id, CancellationToken.None))!;

        Assert.Equal((spelling, (string?)null), (read.StorageTypeName, read.WalletAddress));
    }

    [Fact]
    public async Task The_list_keeps_one_wallets_buckets_within_the_workspaces_asked_for_and_pages_within_them()
    {
        var (store, _) = await NewStoreAsync();
        foreach (var (name, workspace, wallet) in new[]
        {
            ("a1", "ws-a", "GA"), ("a2", "ws-a", "GA"), ("a3", "ws-b", "GA"),
            ("b", "ws-a", "GB"), ("none", "ws-a", null), ("q", "ws-a", "it's"),
        })
        {
            var bucket = SampleBuckets.New(Org, name, workspace) with { WalletAddress = wallet };
            await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
        }

        async Task<List<string>> NamesAsync(IReadOnlyList<string>? workspaces, string wallet, int pageSize)
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var query = new BucketListQuery(workspaces, pageSize, token) { WalletAddress = wallet };
                var page = await store.ListAsync(Org, query, CancellationToken.None);
                names.AddRange(page.Buckets.Select(b => b.Name));
                token = page.ContinuationToken;
            }
            while (token is not null);

            return names.Order().ToList();
        }

        Assert.Equal(["a1", "a2", "a3"], await NamesAsync(null, "GA", 100));
        Assert.Equal(["a1", "a2"], await NamesAsync(["ws-a"], "GA", 1));
        Assert.Equal(["q"], await NamesAsync(null, "it's", 100));
        Assert.Empty(await NamesAsync(null, "ga", 100));
    }

    [Fact]
    public async Task A_continuation_token_of_one_wallets_listing_is_refused_for_another()
    {
        var (store, _) = await NewStoreAsync();
        foreach (var name in new[] { "x", "y", "z" })
        {
            await store.TryCreateAsync(SampleBuckets.New(Org, name) with { WalletAddress = "GA" }, null, null, CancellationToken.None);
        }

        var first = await store.ListAsync(Org, new BucketListQuery(null, 1, null) { WalletAddress = "GA" }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() =>
            store.ListAsync(Org, new BucketListQuery(null, 1, first.ContinuationToken) { WalletAddress = "GB" }, CancellationToken.None));
    }
}
