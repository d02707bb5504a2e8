namespace BucketFunctions.Core.Probing;

/// <summary>Proves credentials against the provider with one small, bounded, read-only call. Never throws for provider answers.</summary>
public interface IStorageProbe
{
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}
