using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.ProviderKeys;
using BucketFunctions.Infrastructure.Tenancy;
using BucketFunctions.Infrastructure.Tests.Buckets;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.ProviderKeys;

/// <summary>
/// The two stores over one table, as the host has them: a bucket's transactions keep its key's count, only while the
/// key still holds the version the bucket was proven with; a key's rewrite is refused when anything it was based on
/// moved; and a key is deleted only while no bucket is counted on it.
/// </summary>
public sealed class ProviderKeyStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-keys";
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(TableBucketStore Buckets, TableProviderKeyStore Keys, TableClient Table)> NewStoresAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "keys");
        return (new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = 200 })), new TableProviderKeyStore(table), table);
    }

    private static ProviderKey NewKey(string version = "v1")
    {
        var now = DateTimeOffset.UtcNow;
        return new ProviderKey
        {
            Id = Guid.NewGuid(), OrganizationId = Org, WorkspaceId = "ws-1", ProviderName = "S3", KeyHint = "AKIA...MPLE",
            CredentialVersion = version, BucketCount = 0, CreatedAt = now, UpdatedAt = now, Revision = 1,
        };
    }

    private static Bucket On(ProviderKey key, string name) =>
        SampleBuckets.New(Org, name) with { ApiKeyId = key.Id, CredentialVersion = key.CredentialVersion };

    private static async Task<ProviderKey> ReadAsync(TableProviderKeyStore keys, ProviderKey key) => (await keys.GetAsync(Org, key.Id, None))!;

    [Fact]
    public async Task Creating_moving_and_deleting_buckets_keeps_each_keys_count_and_a_key_in_use_is_not_deleted()
    {
        var (buckets, keys, _) = await NewStoresAsync();
        var (first, second) = (NewKey(), NewKey());
        await keys.CreateAsync(first, None);
        await keys.CreateAsync(second, None);
        var a = On(first, "a");
        var b = On(first, "b");

        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(a, null, null, None));
        Assert.IsType<CreateBucketOutcome.Created>(await buckets.TryCreateAsync(b, null, null, None));
        var inUse = await keys.TryDeleteAsync(Org, first.Id, None);
        var moved = await buckets.TryUpdateAsync(b with { ApiKeyId = second.Id, CredentialVersion = second.CredentialVersion }, 1, null, None);
        var ownAgain = await buckets.TryUpdateAsync(a with { ApiKeyId = null, CredentialVersion = "own-1" }, 1, null, None);

        Assert.Equal(2, Assert.IsType<ProviderKeyWrite.InUse>(inUse).BucketCount);
        Assert.IsType<UpdateBucketOutcome.Updated>(moved);
        Assert.IsType<UpdateBucketOutcome.Updated>(ownAgain);
        Assert.Equal((0, 1), ((await ReadAsync(keys, first)).BucketCount, (await ReadAsync(keys, second)).BucketCount));
        Assert.Equal([b.Id], (await keys.ListBucketsAsync(Org, second.Id, None)).Select(x => x.Id));
        Assert.True(await buckets.DeleteAsync(Org, b.Id, None));
        Assert.Equal(0, (await ReadAsync(keys, second)).BucketCount);
        Assert.IsType<ProviderKeyWrite.Done>(await keys.TryDeleteAsync(Org, first.Id, None));
        Assert.IsType<ProviderKeyWrite.NotFound>(await keys.TryDeleteAsync(Org, first.Id, None));
    }

    [Fact]
    public async Task A_bucket_is_not_counted_on_a_key_that_is_gone_rotated_since_its_proof_or_full()
    {
        var (buckets, keys, table) = await NewStoresAsync();
        var key = NewKey();
        await keys.CreateAsync(key, None);

        var gone = await buckets.TryCreateAsync(On(NewKey(), "gone"), null, null, None);
        var rotated = await buckets.TryCreateAsync(On(key, "rotated") with { CredentialVersion = "v0" }, null, null, None);
        await table.UpdateEntityAsync(
            new TableEntity(TenantRows.Partition(Org), TenantRows.ProviderKey(key.Id)) { ["BucketCount"] = ProviderKey.MaxBuckets },
            Azure.ETag.All, TableUpdateMode.Merge, None);
        var full = await buckets.TryCreateAsync(On(key, "full"), null, null, None);
        var movedOnto = await buckets.TryCreateAsync(SampleBuckets.New(Org, "own"), null, null, None);
        var moveRefused = await buckets.TryUpdateAsync(
            ((CreateBucketOutcome.Created)movedOnto).Bucket with { ApiKeyId = key.Id, CredentialVersion = key.CredentialVersion }, 1, null, None);

        Assert.IsType<CreateBucketOutcome.ApiKeyNotFound>(gone);
        Assert.IsType<CreateBucketOutcome.ApiKeyChanged>(rotated);
        Assert.IsType<CreateBucketOutcome.ApiKeyFull>(full);
        Assert.IsType<UpdateBucketOutcome.ApiKeyFull>(moveRefused);
        Assert.Equal(1, (await buckets.GetQuotaAsync(Org, None)).Current);  // only "own": nothing of the refused ones was stored
        Assert.Empty(await keys.ListBucketsAsync(Org, key.Id, None));
    }

    [Fact]
    public async Task A_rewrite_of_a_key_and_its_buckets_is_all_or_nothing_and_refused_when_anything_it_read_moved()
    {
        var (buckets, keys, _) = await NewStoresAsync();
        var key = NewKey();
        await keys.CreateAsync(key, None);
        await buckets.TryCreateAsync(On(key, "a"), null, null, None);
        await buckets.TryCreateAsync(On(key, "b"), null, null, None);
        var read = await ReadAsync(keys, key);
        var users = await keys.ListBucketsAsync(Org, key.Id, None);
        var rotatedKey = read with { CredentialVersion = "v2", Revision = read.Revision + 1 };
        var rotatedBuckets = users.Select(b => b with { CredentialVersion = "v2", Revision = b.Revision + 1 }).ToList();

        var missingOne = await keys.TryReplaceAsync(rotatedKey, read.Revision, rotatedBuckets.Take(1).ToList(), None);
        var staleKey = await keys.TryReplaceAsync(rotatedKey, read.Revision - 1, rotatedBuckets, None);
        await buckets.TryUpdateAsync(users[0] with { Name = "renamed" }, users[0].Revision, null, None);
        var bucketMoved = await keys.TryReplaceAsync(rotatedKey, read.Revision, rotatedBuckets, None);
        var unchanged = await keys.ListBucketsAsync(Org, key.Id, None);

        Assert.All([missingOne, staleKey, bucketMoved], outcome => Assert.IsType<ProviderKeyWrite.Changed>(outcome));
        Assert.All(unchanged, b => Assert.Equal("v1", b.CredentialVersion));
        Assert.Equal("v1", (await ReadAsync(keys, key)).CredentialVersion);

        var fresh = await keys.ListBucketsAsync(Org, key.Id, None);
        var done = await keys.TryReplaceAsync(
            rotatedKey, read.Revision, fresh.Select(b => b with { CredentialVersion = "v2", Revision = b.Revision + 1 }).ToList(), None);

        Assert.IsType<ProviderKeyWrite.Done>(done);
        Assert.Equal(("v2", 2), ((await ReadAsync(keys, key)).CredentialVersion, (await ReadAsync(keys, key)).BucketCount));
        Assert.All(await keys.ListBucketsAsync(Org, key.Id, None), b => Assert.Equal("v2", b.CredentialVersion));
    }
}
