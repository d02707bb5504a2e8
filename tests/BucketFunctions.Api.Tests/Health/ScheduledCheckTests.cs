using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Testing.Network;
using Microsoft.Extensions.DependencyInjection;
using static BucketFunctions.Api.Tests.Health.HealthTesting;

namespace BucketFunctions.Api.Tests.Health;

/// <summary>
/// The scheduled re-check against real s3rver, behind a relay that can stop answering, with a 5-second interval: the
/// local host's background service runs the passes, as it would for a user.
/// </summary>
public sealed class ScheduledCheckTests() : ApiTestBase(Settings(Region))
{
    private const string Region = "test-region";

    [Fact]
    public async Task A_bucket_whose_provider_stops_answering_turns_OFFLINE_within_an_interval_and_ONLINE_within_one_of_its_return()
    {
        using var relay = new TcpRelay(S3.Endpoint);
        var secret = NewSecret();
        var body = ValidBody(secret: secret);
        body["endpoint"] = relay.Endpoint.ToString();
        var id = (await CreateBucketAsync(body: body))["id"]!.GetValue<string>();

        await WaitAsync(async () => (await RegionAsync(Tenant, id, Region))?["status"]?.GetValue<string>() == "ONLINE",
            Interval * 3, "the first scheduled check");

        relay.StopAnswering();
        var down = await WaitAsync(async () => (await RegionAsync(Tenant, id, Region))?["status"]?.GetValue<string>() == "OFFLINE",
            Interval * 3, "OFFLINE after the provider went away");
        Assert.True(down <= Interval + Slack, $"OFFLINE after {down}, more than one interval");
        var stored = (await Tenant.GetFromJsonAsync<JsonObject>($"/bucket/{id}"))!["bucket"]!;
        Assert.Equal("UNREACHABLE", stored["status"]!.GetValue<string>());
        Assert.NotNull(stored["latency_ms"]);

        relay.Resume();
        var up = await WaitAsync(async () => (await RegionAsync(Tenant, id, Region))?["status"]?.GetValue<string>() == "ONLINE",
            Interval * 3, "ONLINE after the provider came back");
        Assert.True(up <= Interval + Slack, $"ONLINE after {up}, more than one interval");
        Assert.Equal("ONLINE", (await Tenant.GetFromJsonAsync<JsonObject>($"/bucket/{id}"))!["bucket"]!["status"]!.GetValue<string>());

        // The day's stats are the share of the stored checks that found it ONLINE: some did, some did not.
        var rows = await HistoryAsync(Factory, OrganizationId, id);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var stats = await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{id}/stats", new JsonObject { ["day"] = today }));
        var node = Assert.Single(stats["nodeStats"]!.AsArray())!;
        var online = rows.Count(r => r.GetString("Status") == "Online");
        Assert.Equal(rows.Count, node["checks"]!.GetValue<int>());
        Assert.Equal(Math.Round(100.0 * online / rows.Count, 2), node["perc_uptime"]!.GetValue<double>());
        Assert.InRange(node["perc_uptime"]!.GetValue<double>(), 1, 99);
        Assert.Equal(Region, node["ip"]!.GetValue<string>());
        Assert.Equal("ONLINE", node["node_status"]!.GetValue<string>());

        // Each change is logged once, with organization and bucket id; the secret never.
        var changes = Factory.Logs.Lines.Where(l => l.Contains(id, StringComparison.Ordinal) && l.Contains(" is now ", StringComparison.Ordinal)).ToList();
        Assert.Single(changes, l => l.Contains("is now UNREACHABLE (was ONLINE)", StringComparison.Ordinal) && l.Contains(OrganizationId, StringComparison.Ordinal));
        Assert.Single(changes, l => l.Contains("is now ONLINE (was UNREACHABLE)", StringComparison.Ordinal));
        Assert.DoesNotContain(Factory.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_region_that_stops_checking_shows_DISCONNECTED_after_two_intervals_while_the_other_stays_ONLINE()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var second = new ApiFactory(Azurite, SameTables(Factory, "second-region"));
        second.CreateClient().Dispose();   // starts its host, and with it its scheduled passes
        await WaitAsync(async () => await RegionAsync(Tenant, id, "second-region") is not null && await RegionAsync(Tenant, id, Region) is not null,
            Interval * 4, "both regions checked");
        Assert.Equal("ONLINE", (await RegionAsync(Tenant, id, "second-region"))!["status"]!.GetValue<string>());

        await second.DisposeAsync();   // the second region stops checking
        await WaitAsync(async () => (await RegionAsync(Tenant, id, "second-region"))!["status"]!.GetValue<string>() == "DISCONNECTED",
            Interval * 4, "the silent region DISCONNECTED");

        var silent = (await RegionAsync(Tenant, id, "second-region"))!;
        Assert.True(DateTimeOffset.UtcNow - silent["lastUpdated"]!.GetValue<DateTimeOffset>() > Interval * 2);
        Assert.Equal("ONLINE", (await RegionAsync(Tenant, id, Region))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_instances_over_one_store_check_each_bucket_once_per_interval()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await CreateBucketAsync())["id"]!.GetValue<string>());
        }

        var second = new ApiFactory(Azurite, SameTables(Factory, Region));
        second.CreateClient().Dispose();
        await Task.Delay(Interval * 4);
        await second.DisposeAsync();

        var slots = new HashSet<long>();
        foreach (var id in ids)
        {
            var rows = await HistoryAsync(Factory, OrganizationId, id);
            var perSlot = rows.GroupBy(r => r.GetInt64("Slot")).ToList();
            Assert.All(perSlot, g => Assert.True(g.Count() == 1, $"bucket {id} was checked {g.Count()} times in interval {g.Key}"));
            slots.UnionWith(perSlot.Select(g => g.Key!.Value));
        }

        Assert.True(slots.Count >= 3, $"only {slots.Count} intervals were checked");
    }
}
