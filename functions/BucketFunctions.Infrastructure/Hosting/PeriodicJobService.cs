using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Hosting;

/// <summary>
/// Runs a job every <paramref name="interval"/> in a long-running host (the local host; the Functions app runs the same jobs
/// on timer triggers). The first run waits one interval, so start-up (and table creation) is not raced. A failed run is
/// logged by type, never by message (it may quote a provider), and tried again next time.
/// </summary>
public abstract class PeriodicJobService(string job, TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("{Job} failed ({Error}); it runs again in {Interval}", job, e.GetType().Name, interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
