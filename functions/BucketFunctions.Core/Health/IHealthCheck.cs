namespace BucketFunctions.Core.Health;

/// <summary>One dependency <c>GET /health</c> reports on. Throws (or times out) when the dependency does not answer.</summary>
public interface IHealthCheck
{
    /// <summary>The key in the health answer's <c>checks</c> (e.g. <c>tableStorage</c>).</summary>
    string Name { get; }

    Task CheckAsync(CancellationToken cancellationToken);
}
