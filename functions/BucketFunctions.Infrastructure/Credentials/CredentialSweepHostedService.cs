using BucketFunctions.Core.Credentials;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Runs <see cref="CredentialSweepService"/> every <see cref="CredentialSweepOptions.Interval"/> in a long-running host
/// (the local host; the Functions app uses a timer trigger instead). The first sweep waits one interval, so start-up
/// (and table creation) is not raced. A failed sweep is logged by type and tried again next time.
/// </summary>
public sealed class CredentialSweepHostedService(
    CredentialSweepService sweep,
    IOptions<CredentialSweepOptions> options,
    TimeProvider time,
    ILogger<CredentialSweepHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await sweep.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(
                        "Credential sweep failed ({Error}); it runs again in {Interval}", e.GetType().Name, options.Value.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
