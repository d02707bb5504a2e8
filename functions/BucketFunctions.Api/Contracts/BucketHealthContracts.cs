using System.Text.Json.Serialization;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Monitoring;

namespace BucketFunctions.Api.Contracts;

// The health calls of Flashback's client (src/api/types/storage/storage.ts and bridge.ts). Flashback's "nodes" are the
// regions this service checks from: ip and host name the checking region and machine, not an address to connect to.

/// <summary><c>GET /bucket/{bucketId}/status</c>: Flashback's <c>StorageBucketStatusResponse</c>, one entry per checking region.</summary>
public sealed record BucketStatusResponse(Guid BucketId, IReadOnlyList<NodeStatusInfo> NodeStatus)
{
    public static BucketStatusResponse From(BucketHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.BucketId, report.Regions.Select(r => new NodeStatusInfo(
            r.Last.Region, r.Last.Region, r.Last.Version, r.Status.ToWireName(), r.Last.LatencyMs, r.Last.At)).ToList());
    }
}

/// <summary>Flashback's <c>NodeStatusInfo</c>: <see cref="Ip"/> is the checking region (this service has no node addresses).</summary>
public sealed record NodeStatusInfo(
    string Ip,
    string Region,
    string Version,
    [property: OneOf(typeof(NodeStatuses), nameof(NodeStatuses.WireNames))] string Status,
    long? LatencyMs,
    DateTimeOffset LastUpdated);

/// <summary><c>POST /bucket/{bucketId}/stats</c>: Flashback's <c>GetBucketNodeStatsRequest</c>.</summary>
public sealed record BucketStatsRequest : IRequestBody<BucketStatsRequest>
{
    /// <summary>A UTC date (<c>2026-12-02</c>) or an ISO 8601 timestamp whose UTC date is meant; today or earlier.</summary>
    public required string? Day { get; init; }

    public static BucketStatsRequest Read(JsonFields f) => new() { Day = f.String(StatsDay.Field) };
}

/// <summary><c>POST /bucket/{bucketId}/stats</c>: Flashback's <c>GetBucketNodeStatsResponse</c>; no checks that day, no entries.</summary>
public sealed record BucketStatsResponse(bool Success, IReadOnlyList<BucketNodeStats> NodeStats)
{
    public static BucketStatsResponse From(IReadOnlyList<RegionDayStats> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        return new(true, days.Select(d => new BucketNodeStats(
            d.Last.Region, d.Last.Host, d.PercentUptime, d.AverageLatencyMs, d.Last.Version, d.LastStatus.ToWireName(), d.Last.At,
            d.Last.LatencyMs, d.Checks)).ToList());
    }
}

/// <summary>
/// Flashback's <c>BucketNodeStatsDailyInfo</c> for one region and day: <see cref="PercUptime"/> is the share of that day's
/// checks that found the bucket ONLINE (0–100), the latencies are the provider's answer times; <see cref="Checks"/> is ours.
/// </summary>
public sealed record BucketNodeStats(
    string Ip,
    string Host,
    [property: JsonPropertyName("perc_uptime")] double PercUptime,
    [property: JsonPropertyName("avg_latency_ms")] long AvgLatencyMs,
    string Version,
    [property: JsonPropertyName("node_status"), OneOf(typeof(NodeStatuses), nameof(NodeStatuses.WireNames))] string NodeStatus,
    [property: JsonPropertyName("last_updated")] DateTimeOffset LastUpdated,
    [property: JsonPropertyName("last_latency_ms")] long LastLatencyMs,
    int Checks);
