using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Health;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Health;

/// <summary><c>GET /health</c>: no authentication, nothing secret — only whether each dependency answered.</summary>
public sealed class HealthHandler(HealthService health)
{
    public async Task<Result<HealthResponse>> GetAsync(RequestContext context, NoInput input)
    {
        var report = await health.CheckAsync(context.CancellationToken).ConfigureAwait(false);
        return new HealthResponse(
            report.Healthy ? HealthResponse.Healthy : HealthResponse.Unhealthy,
            report.Checks.ToDictionary(c => c.Key, c => c.Value ? HealthResponse.Healthy : HealthResponse.Unhealthy, StringComparer.Ordinal));
    }
}
