using BucketFunctions.Core.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Monitoring;

/// <summary>
/// Runs <see cref="ScheduledCheckService"/> every <see cref="HealthCheckOptions.CheckInterval"/> in a long-running host
/// (the local host; the Functions app uses a timer trigger instead). The first pass waits one interval, so start-up is not
/// raced. A failed pass is logged by type and tried again next time.
/// </summary>
public sealed class ScheduledCheckHostedService(
    ScheduledCheckService checks,
    IOptions<HealthCheckOptions> options,
    TimeProvider time,
    ILogger<ScheduledCheckHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await checks.RunScheduledAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(
                        "Health pass failed ({Error}); it runs again in {Interval}", e.GetType().Name, options.Value.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
