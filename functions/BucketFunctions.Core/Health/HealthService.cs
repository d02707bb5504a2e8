using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Health;

/// <summary>Runs every <see cref="IHealthCheck"/> at once, each bounded by <see cref="Timeout"/>; healthy only when all answer.</summary>
public sealed class HealthService(IEnumerable<IHealthCheck> checks, ILogger<HealthService> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<IHealthCheck> checks = checks.ToList();

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(c => RunAsync(c, cancellationToken))).ConfigureAwait(false);
        return new HealthReport(results.ToDictionary(r => r.Name, r => r.Healthy, StringComparer.Ordinal));
    }

    private async Task<(string Name, bool Healthy)> RunAsync(IHealthCheck check, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await check.CheckAsync(bounded.Token).ConfigureAwait(false);
            return (check.Name, true);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The type names the cause without repeating a message that might quote a connection string.
            logger.LogWarning("Health check {Check} failed: {ErrorType}", check.Name, bounded.IsCancellationRequested ? "timeout" : e.GetType().Name);
            return (check.Name, false);
        }
    }
}

/// <summary>Each dependency by name, healthy or not.</summary>
public sealed record HealthReport(IReadOnlyDictionary<string, bool> Checks)
{
    public bool Healthy => Checks.Values.All(healthy => healthy);
}
