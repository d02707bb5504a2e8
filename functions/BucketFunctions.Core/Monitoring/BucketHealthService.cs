using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// The client's health calls, from the check history: each region's view of a bucket now, a day's uptime and latency
/// per region, and the caller's buckets whose last check found them usable. Who may see which bucket is
/// <see cref="BucketAccess"/>'s, as for every bucket route.
/// </summary>
public sealed class BucketHealthService(
    BucketAccess access,
    IBucketHealthStore health,
    IOptions<HealthCheckOptions> options,
    TimeProvider time)
{
    public async Task<Result<BucketHealthReport>> StatusAsync(Caller caller, string bucketId, CancellationToken cancellationToken)
    {
        var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var now = time.GetUtcNow();
        var latest = await health.LatestAsync(found.Value.OrganizationId, found.Value.Id, cancellationToken).ConfigureAwait(false);
        return new BucketHealthReport(
            found.Value.Id,
            latest.OrderBy(c => c.Region, StringComparer.Ordinal)
                .Select(c => new RegionHealth(c, NodeStatuses.Of(c, now, options.Value.CheckInterval))).ToList());
    }

    /// <summary>A day's checks per region, oldest region name first; a day without checks gives none.</summary>
    public async Task<Result<IReadOnlyList<RegionDayStats>>> StatsAsync(
        Caller caller, string bucketId, string? day, CancellationToken cancellationToken)
    {
        var parsed = StatsDay.Parse(day, time.GetUtcNow());
        if (!parsed.Succeeded)
        {
            return parsed.Failure!;
        }

        var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        // One pass over the day's rows, keeping sums per region: a day of 15-minute checks is 96 rows a region.
        var regions = new Dictionary<string, DayAccumulator>(StringComparer.Ordinal);
        await foreach (var check in health.DayAsync(found.Value.OrganizationId, found.Value.Id, parsed.Value, cancellationToken)
            .ConfigureAwait(false))
        {
            if (!regions.TryGetValue(check.Region, out var sums))
            {
                regions[check.Region] = sums = new DayAccumulator();
            }

            sums.Add(check);
        }

        return regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value.ToStats()).ToList();
    }

    /// <summary>The caller's buckets (of one workspace, when given) whose last check found them ONLINE.</summary>
    public async Task<Result<IReadOnlyList<Bucket>>> AvailableAsync(Caller caller, string? workspaceId, CancellationToken cancellationToken)
    {
        var available = new List<Bucket>();
        string? continuation = null;
        do
        {
            var page = await access.ListAsync(caller, workspaceId, walletAddress: null, BucketListQuery.MaxPageSize, continuation, cancellationToken)
                .ConfigureAwait(false);
            if (!page.Succeeded)
            {
                return page.Failure!;
            }

            available.AddRange(page.Value.Buckets.Where(b => b.Status == BucketStatus.Online));
            continuation = page.Value.ContinuationToken;
        }
        while (continuation is not null);

        return available;
    }

    private sealed class DayAccumulator
    {
        private int checks;
        private int online;
        private long latencySum;
        private BucketCheck? last;

        public void Add(BucketCheck check)
        {
            checks++;
            online += check.IsOnline ? 1 : 0;
            latencySum += check.LatencyMs;
            if (last is null || check.At >= last.At)
            {
                last = check;
            }
        }

        public RegionDayStats ToStats() => new(
            last!, Math.Round(100.0 * online / checks, 2), (long)Math.Round((double)latencySum / checks), checks,
            last!.IsOnline ? NodeStatus.Online : NodeStatus.Offline);
    }
}

/// <summary>A bucket as each region that checks it sees it.</summary>
public sealed record BucketHealthReport(Guid BucketId, IReadOnlyList<RegionHealth> Regions);

/// <summary>A region's last check of a bucket and what it means now.</summary>
public sealed record RegionHealth(BucketCheck Last, NodeStatus Status);

/// <summary>One region's day: the share of checks that found the bucket ONLINE (percent), their mean latency, and the last.</summary>
public sealed record RegionDayStats(BucketCheck Last, double PercentUptime, long AverageLatencyMs, int Checks, NodeStatus LastStatus);
