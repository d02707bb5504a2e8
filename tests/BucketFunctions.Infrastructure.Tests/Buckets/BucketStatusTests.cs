using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Buckets;

/// <summary>A check's verdict is recorded on the revision that was checked, never on a newer one.</summary>
public sealed class BucketStatusTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-status";

    [Fact]
    public async Task A_status_is_recorded_on_the_checked_revision_without_changing_it()
    {
        var store = await NewStoreAsync();
        var bucket = SampleBuckets.New(Org, "checked", "ws-1");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
        var at = bucket.LastStatusAt.AddMinutes(5);

        await store.RecordStatusAsync(bucket, BucketStatus.Forbidden, at, null, CancellationToken.None);

        var stored = (await store.GetAsync(Org, bucket.Id, CancellationToken.None))!;
        Assert.Equal((BucketStatus.Forbidden, at, 1L), (stored.Status, stored.LastStatusAt, stored.Revision));
    }

    [Fact]
    public async Task A_verdict_on_an_older_revision_does_not_overwrite_what_a_later_change_proved()
    {
        var store = await NewStoreAsync();
        var bucket = SampleBuckets.New(Org, "raced", "ws-1");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
        var changed = await store.TryUpdateAsync(
            bucket with { Name = "raced again", Status = BucketStatus.Online }, 1, null, CancellationToken.None);
        Assert.IsType<UpdateBucketOutcome.Updated>(changed);

        await store.RecordStatusAsync(bucket, BucketStatus.Unauthorized, bucket.LastStatusAt.AddMinutes(5), null, CancellationToken.None);

        var stored = (await store.GetAsync(Org, bucket.Id, CancellationToken.None))!;
        Assert.Equal((BucketStatus.Online, 2L), (stored.Status, stored.Revision));
    }

    private async Task<TableBucketStore> NewStoreAsync() =>
        new(await TestTables.CreateAsync(azurite.Azurite, "tenants"), Options.Create(new QuotaOptions { DefaultBucketLimit = 10 }));
}
