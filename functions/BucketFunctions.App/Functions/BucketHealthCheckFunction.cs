using BucketFunctions.Core.Monitoring;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// The scheduled re-check of every bucket on a timer: the same Core service the local host runs in the background. The
/// schedule is the NCRONTAB expression in setting <c>Health:Schedule</c> (app setting <c>Health__Schedule</c>), which should
/// fire once per <c>Health:CheckInterval</c>; the service's lease and claims keep a pass to one per interval and region.
/// </summary>
public sealed class BucketHealthCheckFunction(ScheduledCheckService checks)
{
    [Function("BucketHealthCheck")]
    public Task Run([TimerTrigger("%Health:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        checks.RunScheduledAsync(cancellationToken);
}
