namespace BucketFunctions.Core.Probing;

/// <summary>
/// The result of a credential check. <see cref="Message"/> and every check's detail are safe to show a client: they
/// never contain the secret. <see cref="Checks"/> is always the full ordered list of <see cref="ProbeCheckNames.For"/>
/// (built by <see cref="ProbeReport"/>). <see cref="ActualRegion"/> is the bucket's real region whenever the provider
/// named it: with <see cref="ProbeOutcome.RegionMismatch"/>, and on success when the request named no region.
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
