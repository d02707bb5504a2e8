namespace BucketFunctions.Core.Probing;

/// <summary>
/// Proves credentials against the provider with small, bounded calls (read-only unless <see cref="ProbeRequest.CheckWrite"/>).
/// Never throws for a provider's answer; only <see cref="OperationCanceledException"/> when the caller cancels.
/// </summary>
public interface IStorageProbe
{
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}
