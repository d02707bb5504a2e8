using BucketFunctions.Core.Probing;

namespace BucketFunctions.Core.Buckets;

/// <summary>What the last credential check found (docs/API.md: ONLINE, UNAUTHORIZED, NOT_FOUND, FORBIDDEN, UNREACHABLE).</summary>
public enum BucketStatus
{
    Online,
    Unauthorized,
    NotFound,
    Forbidden,
    Unreachable,
}

/// <summary>The wire names of <see cref="BucketStatus"/> and the one mapping from a check's verdict to a status.</summary>
public static class BucketStatuses
{
    public static string ToWireName(this BucketStatus status) => status switch
    {
        BucketStatus.Online => "ONLINE",
        BucketStatus.Unauthorized => "UNAUTHORIZED",
        BucketStatus.NotFound => "NOT_FOUND",
        BucketStatus.Forbidden => "FORBIDDEN",
        BucketStatus.Unreachable => "UNREACHABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static IReadOnlyList<string> WireNames { get; } = Enum.GetValues<BucketStatus>().Select(s => s.ToWireName()).ToList();

    /// <summary>
    /// A bucket in another region is not found where it was registered; an endpoint the guard refuses or a storage
    /// type without a check cannot be reached.
    /// </summary>
    public static BucketStatus From(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Verified => BucketStatus.Online,
        ProbeOutcome.CredentialsRejected => BucketStatus.Unauthorized,
        ProbeOutcome.BucketNotFound or ProbeOutcome.RegionMismatch => BucketStatus.NotFound,
        ProbeOutcome.PermissionDenied => BucketStatus.Forbidden,
        _ => BucketStatus.Unreachable,
    };
}
