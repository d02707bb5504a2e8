using BucketFunctions.Core.Monitoring;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// The scheduled re-check of every bucket on a timer: the same Core service the local host runs in the background. The
/// timer only fires often (every minute, a constant, so there is no schedule setting to keep in step); the service starts
/// a pass only when a new <c>Health:CheckInterval</c> has begun and no instance has run that interval's pass, so the other
/// firings end at once. An interval shorter than a minute is therefore run once a minute here.
/// </summary>
public sealed class BucketHealthCheckFunction(ScheduledCheckService checks)
{
    /// <summary>Every minute, at second 0 (six-field NCRONTAB, seconds first).</summary>
    public const string Schedule = "0 * * * * *";

    [Function("BucketHealthCheck")]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        checks.RunScheduledAsync(cancellationToken);
}
