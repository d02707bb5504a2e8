using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// The scheduled re-check: one pass over every registered bucket per <see cref="HealthCheckOptions.CheckInterval"/>,
/// with its stored credential and the probe validate uses (list-level, never writing). Buckets are taken round-robin
/// by organization (<see cref="RoundRobinBuckets"/>), so one organization's thousand buckets cannot delay another's few,
/// and at most <see cref="HealthCheckOptions.Concurrency"/> checks run at once. Two guards, both rows in the store:
/// a lease on the region's pass for the interval (a pass still running when the next is due is not started again,
/// and another instance does not start one), and a claim per bucket, region and interval (no bucket is checked twice
/// in an interval, even by passes that overlap after a lease ran out). Logs a status change once, with organization
/// and bucket id; never a credential.
/// </summary>
public sealed class ScheduledCheckService(
    IOrganizationStore organizations,
    IBucketStore buckets,
    IBucketHealthStore health,
    ICredentialVault vault,
    IStorageProbe probe,
    CheckerIdentity identity,
    IOptions<HealthCheckOptions> options,
    TimeProvider time,
    ILogger<ScheduledCheckService> logger)
{
    /// <summary>A pass's lease; renewed every third of it while the pass runs, so a dead holder's pass is free after it.</summary>
    public static readonly TimeSpan PassLeaseDuration = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The start of a scheduled pass is delayed by up to this share of the interval (at most 30 s), so instances and
    /// regions spread out.
    /// </summary>
    internal const double JitterShare = 0.1;

    private static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(30);

    private readonly string holder = $"{identity.Host}/{Guid.NewGuid():N}";

    // The last interval whose pass this instance ran: a timer that fires more often than the interval (the Functions app's
    // fires every minute) then costs nothing here until the next one begins. Only a shortcut; the lease is the guard.
    private long settledSlot = -1;

    /// <summary>The interval <paramref name="at"/> falls in: the number of whole intervals since the Unix epoch.</summary>
    public long SlotOf(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)options.Value.CheckInterval.TotalMilliseconds;

    /// <summary>
    /// What the timer and the hosted service run: when a new interval has begun and this instance gets its pass, waits a
    /// random jitter (holding the lease) and runs it; otherwise returns null at once.
    /// </summary>
    public async Task<CheckPassResult?> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var slot = SlotOf(time.GetUtcNow());
        if (slot <= Interlocked.Read(ref settledSlot))
        {
            return null;
        }

        var bound = Math.Min(options.Value.CheckInterval.TotalMilliseconds * JitterShare, MaxJitter.TotalMilliseconds);
        var result = await RunPassAsync(slot, TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * bound), cancellationToken)
            .ConfigureAwait(false);
        if (result is not null)
        {
            Interlocked.Exchange(ref settledSlot, slot);
        }

        return result;
    }

    /// <summary>Runs the pass of interval <paramref name="slot"/>; null when it is done already or another holder runs it.</summary>
    public Task<CheckPassResult?> RunPassAsync(long slot, CancellationToken cancellationToken) =>
        RunPassAsync(slot, TimeSpan.Zero, cancellationToken);

    private async Task<CheckPassResult?> RunPassAsync(long slot, TimeSpan jitter, CancellationToken cancellationToken)
    {
        var lease = await health.TryStartPassAsync(
            identity.Region, slot, holder, time.GetUtcNow(), PassLeaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            logger.LogDebug("Health pass {Slot} in {Region} is done or under way elsewhere", slot, identity.Region);
            return null;
        }

        using var passCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        var renewing = RenewAsync(lease, passCancellation, stopRenewing.Token);
        int checkedCount = 0, skipped = 0, failed = 0;
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        long started = 0;
        try
        {
            // The jitter is waited holding the lease: other instances return at once instead of waiting too.
            await Task.Delay(jitter, time, passCancellation.Token).ConfigureAwait(false);
            started = time.GetTimestamp();
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = passCancellation.Token,
            };
            await Parallel.ForEachAsync(
                RoundRobinBuckets.EnumerateAsync(organizations, buckets, passCancellation.Token), parallel, async (bucket, token) =>
                {
                    switch (await CheckOneAsync(bucket, slot, cutoff, token).ConfigureAwait(false))
                    {
                        case Verdict.Checked: Interlocked.Increment(ref checkedCount); break;
                        case Verdict.Skipped: Interlocked.Increment(ref skipped); break;
                        default: Interlocked.Increment(ref failed); break;
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            await stopRenewing.CancelAsync().ConfigureAwait(false);
            lease = await renewing.ConfigureAwait(false);
        }

        if (lease is not null)
        {
            await health.CompletePassAsync(lease, cancellationToken).ConfigureAwait(false);
        }

        var result = new CheckPassResult(slot, checkedCount, skipped, failed, time.GetElapsedTime(started));
        logger.LogInformation(
            "Health pass {Slot} in {Region}: {Checked} buckets checked, {Skipped} skipped, {Failed} failed in {Duration}",
            slot, identity.Region, result.Checked, result.Skipped, result.Failed, result.Duration);
        return result;
    }

    /// <summary>Keeps the lease alive until told to stop; if it is lost, the pass is cancelled. Returns the last lease held.</summary>
    private async Task<PassLease?> RenewAsync(PassLease lease, CancellationTokenSource pass, CancellationToken stop)
    {
        PassLease? current = lease;
        try
        {
            while (current is not null)
            {
                await Task.Delay(PassLeaseDuration / 3, time, stop).ConfigureAwait(false);
                current = await health.RenewPassAsync(current, time.GetUtcNow() + PassLeaseDuration, stop).ConfigureAwait(false);
            }

            logger.LogWarning("Health pass {Slot} in {Region} lost its lease; it stops here", lease.Slot, lease.Region);
            await pass.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The pass ended.
        }

        return current;
    }

    private async Task<Verdict> CheckOneAsync(Bucket bucket, long slot, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        try
        {
            var claim = await health.TryClaimAsync(bucket.OrganizationId, bucket.Id, identity.Region, slot, cancellationToken)
                .ConfigureAwait(false);
            if (claim is null)
            {
                return Verdict.Skipped;
            }

            // A credential changed since the page was read discards the version it names: the next pass reads the new one.
            var credential = await vault.GetAsync(bucket.CredentialScope(), cancellationToken).ConfigureAwait(false);
            if (credential is null)
            {
                return Verdict.Skipped;
            }

            var result = await probe.ProbeAsync(bucket.ToProbeRequest(credential), cancellationToken).ConfigureAwait(false);
            var status = BucketStatuses.From(result.Outcome);
            var at = time.GetUtcNow();
            var pruned = false;
            if (claim.PruneDue)
            {
                await health.PruneAsync(bucket.OrganizationId, bucket.Id, cutoff, cancellationToken).ConfigureAwait(false);
                pruned = true;
            }

            var check = new BucketCheck(
                bucket.OrganizationId, bucket.Id, identity.Region, identity.Version, identity.Host, status,
                (long)result.Latency.TotalMilliseconds, at);
            if (!await health.RecordAsync(check, claim, pruned, cancellationToken).ConfigureAwait(false))
            {
                return Verdict.Skipped;
            }

            await buckets.RecordStatusAsync(bucket, status, at, result.Latency, cancellationToken).ConfigureAwait(false);
            var previous = claim.Previous?.Status ?? bucket.Status;
            if (previous != status)
            {
                logger.LogWarning(
                    "Bucket {BucketId} of organization {OrganizationId} is now {Status} (was {Previous}), checked from {Region}",
                    bucket.Id, bucket.OrganizationId, status.ToWireName(), previous.ToWireName(), identity.Region);
            }

            return Verdict.Checked;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bucket's trouble (a store or vault that did not answer) must not end the pass; the next interval tries again.
            logger.LogWarning(
                "Health check of bucket {BucketId} of organization {OrganizationId} failed ({Error})",
                bucket.Id, bucket.OrganizationId, e.GetType().Name);
            return Verdict.Failed;
        }
    }

    private enum Verdict
    {
        Checked,
        Skipped,
        Failed,
    }
}

/// <summary>What one pass did: buckets checked, skipped (claimed already, or changed under it) and failed, and how long it took.</summary>
public sealed record CheckPassResult(long Slot, int Checked, int Skipped, int Failed, TimeSpan Duration);
