using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using static BucketFunctions.Api.Tests.Health.HealthTesting;

namespace BucketFunctions.Api.Tests.Health;

/// <summary>
/// The two guards of the re-check, driven by hand (the interval is the default 15 minutes, so no scheduled pass runs
/// meanwhile): the lease on an interval's pass and the claim on a bucket in an interval, both rows in Azurite.
/// </summary>
public sealed class PassLeaseTests() : ApiTestBase(LongInterval(Settings(Region)))
{
    private const string Region = "lease-region";

    private static Dictionary<string, string?> LongInterval(Dictionary<string, string?> settings)
    {
        settings.Remove("Health:CheckInterval");
        return settings;
    }

    [Fact]
    public async Task A_pass_is_not_run_twice_and_a_bucket_claimed_in_an_interval_is_not_checked_again_in_it()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateBucketAsync())["id"]!.GetValue<string>());
        }

        await using var second = new ApiFactory(Azurite, LongInterval(SameTables(Factory, Region)));
        var first = Factory.Services.GetRequiredService<ScheduledCheckService>();
        var other = second.Services.GetRequiredService<ScheduledCheckService>();
        var slot = first.SlotOf(DateTimeOffset.UtcNow) + 1000;   // an interval no scheduled pass reaches during the test

        // Two instances start the same interval's pass at once: one runs it.
        var results = await Task.WhenAll(first.RunPassAsync(slot, CancellationToken.None), other.RunPassAsync(slot, CancellationToken.None));
        var ran = Assert.Single(results, r => r is not null)!;
        Assert.Equal(ids.Count, ran.Checked);
        Assert.Null(await first.RunPassAsync(slot, CancellationToken.None));   // done: not started again

        // Without the pass's row (a lease lost and taken over), the per-bucket claims still hold.
        var health = Factory.Table(Factory.HealthTable);
        await foreach (var row in health.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "pass"))
        {
            await health.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var again = await other.RunPassAsync(slot, CancellationToken.None);
        Assert.Equal((0, ids.Count), (again!.Checked, again.Skipped));
        foreach (var id in ids)
        {
            Assert.Single(await HistoryAsync(Factory, OrganizationId, id), r => r.GetInt64("Slot") == slot);
        }
    }

    [Fact]
    public async Task A_pass_removes_history_older_than_the_retention_in_batches_and_keeps_the_rest()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var store = Factory.Services.GetRequiredService<IBucketHealthStore>();
        var now = DateTimeOffset.UtcNow;
        async Task RecordAsync(DateTimeOffset at) => await store.RecordAsync(
            new BucketCheck(OrganizationId, Guid.Parse(id), Region, "0", "host", Core.Buckets.BucketStatus.Online, 3, at), null, false,
            CancellationToken.None);
        foreach (var daysAgo in Enumerable.Range(0, 150))
        {
            await RecordAsync(now.AddDays(-31).AddMinutes(-daysAgo));   // older than the default 30 days: 150 rows, two batches
        }

        await RecordAsync(now.AddDays(-29));
        Assert.Equal(151, (await HistoryAsync(Factory, OrganizationId, id)).Count);

        var checks = Factory.Services.GetRequiredService<ScheduledCheckService>();
        Assert.Equal(1, (await checks.RunPassAsync(checks.SlotOf(now), CancellationToken.None))!.Checked);

        var left = await HistoryAsync(Factory, OrganizationId, id);
        Assert.Equal(2, left.Count);   // the 29-day-old check and the pass's own
        Assert.All(left, r => Assert.True(r.GetDateTimeOffset("At") > now.AddDays(-30)));
    }
}
