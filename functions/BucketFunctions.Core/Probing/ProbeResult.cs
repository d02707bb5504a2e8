namespace BucketFunctions.Core.Probing;

/// <summary>
/// The result of a credential check. <see cref="Message"/> is safe to show a client: it never contains the secret.
/// <see cref="ActualRegion"/> is set with <see cref="ProbeOutcome.RegionMismatch"/> when the provider named it.
/// </summary>
public sealed record ProbeResult(
    ProbeOutcome Outcome,
    string Message,
    TimeSpan Latency,
    IReadOnlyList<ProbeCheck> Checks,
    string? ActualRegion = null)
{
    public bool Succeeded => Outcome == ProbeOutcome.Verified;
}
