using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Infrastructure.Monitoring;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Network;
using Microsoft.Extensions.DependencyInjection;
using static BucketFunctions.Api.Tests.Health.HealthTesting;

namespace BucketFunctions.Api.Tests.Health;

/// <summary>The status, stats and available routes over what validate records (no scheduled pass runs: 15-minute interval).</summary>
public sealed class HealthRoutesTests() : ApiTestBase(new Dictionary<string, string?> { ["Health:Region"] = Region })
{
    private const string Region = "routes-region";

    [Fact]
    public async Task Validate_records_its_check_in_the_history_the_status_and_the_day_s_stats()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        Assert.Null(await RegionAsync(Tenant, id, Region));   // no check yet: no region

        await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{id}/validate", new JsonObject()));

        var row = Assert.Single(await HistoryAsync(Factory, OrganizationId, id));
        Assert.Equal("Online", row.GetString("Status"));
        Assert.Null(row.GetInt64("Slot"));   // a validate, not a scheduled check
        var node = (await RegionAsync(Tenant, id, Region))!;
        Assert.Equal("ONLINE", node["status"]!.GetValue<string>());
        Assert.Equal(row.GetInt64("LatencyMs"), node["latencyMs"]!.GetValue<long>());
        Assert.Equal(row.GetInt64("LatencyMs"), (await Tenant.GetFromJsonAsync<JsonObject>($"/bucket/{id}"))!["bucket"]!["latency_ms"]!.GetValue<long>());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var stats = await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{id}/stats", new JsonObject { ["day"] = today }));
        var day = Assert.Single(stats["nodeStats"]!.AsArray())!;
        Assert.Equal((100.0, 1), (day["perc_uptime"]!.GetValue<double>(), day["checks"]!.GetValue<int>()));

        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var none = await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{id}/stats", new JsonObject { ["day"] = yesterday }));
        Assert.Empty(none["nodeStats"]!.AsArray());
    }

    [Fact]
    public async Task Available_is_a_bare_array_of_the_buckets_whose_last_check_found_them_online()
    {
        using var relay = new TcpRelay(S3.Endpoint);
        var body = ValidBody();
        body["endpoint"] = relay.Endpoint.ToString();
        var failing = (await CreateBucketAsync(body: body))["id"]!.GetValue<string>();
        var healthy = (await CreateBucketAsync())["id"]!.GetValue<string>();
        relay.StopAnswering();
        var report = await PostJsonAsync(Tenant, $"/bucket/{failing}/validate", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("UNREACHABLE", JsonNode.Parse(await report.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        var all = JsonNode.Parse(await Tenant.GetStringAsync("/bucket/available"))!.AsArray();
        Assert.Equal([healthy], all.Select(b => b!["id"]!.GetValue<string>()));
        var inWorkspace = JsonNode.Parse(await Tenant.GetStringAsync($"/bucket/available?workspaceId={Workspace}"))!.AsArray();
        Assert.Equal([healthy], inWorkspace.Select(b => b!["id"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await Tenant.GetStringAsync("/bucket/available?workspaceId=ws-unknown"))!.AsArray());

        // Capabilities: listBuckets for the list, readBuckets for a bucket's status and stats.
        using var readOnly = await TenantClientAsync(OrganizationId, ["*"], ["readBuckets"]);
        await AssertProblemAsync(await readOnly.GetAsync("/bucket/available"), HttpStatusCode.Forbidden, "missing_capability");
        using var listOnly = await TenantClientAsync(OrganizationId, ["*"], ["listBuckets"]);
        await AssertProblemAsync(await listOnly.GetAsync($"/bucket/{healthy}/status"), HttpStatusCode.Forbidden, "missing_capability");
        await AssertProblemAsync(
            await PostJsonAsync(listOnly, $"/bucket/{healthy}/stats", new JsonObject { ["day"] = "2026-01-01" }), HttpStatusCode.Forbidden,
            "missing_capability");
        Assert.Single(JsonNode.Parse(await listOnly.GetStringAsync("/bucket/available"))!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_bucket_removes_its_history_and_last_checks_in_batches_and_no_other_bucket_s()
    {
        var gone = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var kept = (await CreateBucketAsync())["id"]!.GetValue<string>();
        await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{gone}/validate", new JsonObject()));
        await AssertOkAsync(await PostJsonAsync(Tenant, $"/bucket/{kept}/validate", new JsonObject()));
        var store = Factory.Services.GetRequiredService<IBucketHealthStore>();
        foreach (var minutesAgo in Enumerable.Range(1, 120))   // more than one transaction's worth of rows
        {
            await store.RecordAsync(new BucketCheck(OrganizationId, Guid.Parse(gone), Region, "0", "host", BucketStatus.Online, 3,
                DateTimeOffset.UtcNow.AddMinutes(-minutesAgo)), null, false, CancellationToken.None);
        }

        Assert.Equal(122, await RowsAsync(gone));   // 121 checks and the region's last check

        Assert.Equal(HttpStatusCode.OK, (await Tenant.DeleteAsync($"/bucket/{gone}")).StatusCode);

        Assert.Equal(0, await RowsAsync(gone));
        Assert.Equal(2, await RowsAsync(kept));
    }

    private async Task<int> RowsAsync(string bucketId)
    {
        var partition = TableBucketHealthStore.Partition(OrganizationId, Guid.Parse(bucketId));
        var count = 0;
        await foreach (var _ in Factory.Table(Factory.HealthTable).QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            count++;
        }

        return count;
    }
}
