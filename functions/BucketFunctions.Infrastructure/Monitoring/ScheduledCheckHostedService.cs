using BucketFunctions.Core.Monitoring;
using BucketFunctions.Infrastructure.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Monitoring;

/// <summary>Runs <see cref="ScheduledCheckService"/> every <see cref="HealthCheckOptions.CheckInterval"/> in the local host.</summary>
public sealed class ScheduledCheckHostedService(
    ScheduledCheckService checks,
    IOptions<HealthCheckOptions> options,
    TimeProvider time,
    ILogger<ScheduledCheckHostedService> logger) : PeriodicJobService("Health pass", options.Value.CheckInterval, time, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => checks.RunScheduledAsync(cancellationToken);
}
