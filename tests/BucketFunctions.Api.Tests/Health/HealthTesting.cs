using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.Monitoring;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Api.Tests.Health;

/// <summary>What the health tests read back: the history rows as stored, the status route, and waiting for a condition.</summary>
internal static class HealthTesting
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a scheduled check may come after the interval in which a change happened, beyond the interval itself: the
    /// pass's jitter (a tenth of 5 s) plus the check and its writes on a loaded two-core machine.
    /// </summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(2.5);

    public static Dictionary<string, string?> Settings(string region) => new()
    {
        ["Health:CheckInterval"] = "00:00:05",
        ["Health:Region"] = region,
    };

    /// <summary>The settings of a second app over the same tables as <paramref name="first"/>.</summary>
    public static Dictionary<string, string?> SameTables(ApiFactory first, string region)
    {
        var settings = Settings(region);
        settings["Storage:TenantsTable"] = first.TenantsTable;
        settings["Storage:TokensTable"] = first.TokensTable;
        settings["Storage:HealthTable"] = first.HealthTable;
        settings["Vault:Envelope:Table"] = first.CredentialsTable;
        return settings;
    }

    /// <summary>The bucket's history rows, as stored.</summary>
    public static async Task<List<TableEntity>> HistoryAsync(ApiFactory factory, string organizationId, string bucketId)
    {
        var rows = new List<TableEntity>();
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", TableBucketHealthStore.Partition(organizationId, Guid.Parse(bucketId))),
            TableOData.StartsWith("RowKey", "check|"));
        await foreach (var row in factory.Table(factory.HealthTable).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<JsonObject?> RegionAsync(HttpClient client, string bucketId, string region)
    {
        var body = (await client.GetFromJsonAsync<JsonObject>($"/bucket/{bucketId}/status"))!;
        Assert.Equal(bucketId, body["bucketId"]!.GetValue<string>());
        return body["nodeStatus"]!.AsArray().Select(n => n!.AsObject()).SingleOrDefault(n => n["region"]!.GetValue<string>() == region);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after <paramref name="timeout"/>. Returns how long it took.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"Not within {timeout}: {what}");
            await Task.Delay(100);
        }

        return watch.Elapsed;
    }
}
