namespace BucketFunctions.Core.Quotas;

/// <summary>
/// The organization's quota as one read saw it, with the store's token for that state (<see cref="Version"/>: opaque
/// outside the store; null when there is none to guard with). A create handed this reading may guard its commit with it
/// instead of reading again: if the quota changed in between, the commit is refused and the store reads afresh, so a
/// stale reading costs a retry, never a wrong count.
/// </summary>
public sealed record QuotaReading(QuotaUsage Usage, string? Version);
