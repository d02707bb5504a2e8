using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Buckets;

/// <summary>The refusals that creating and changing a bucket share, worded once.</summary>
public static class BucketFailures
{
    /// <summary>Any bucket the caller may not see is answered the same way, so a caller cannot learn that it exists.</summary>
    public static Failure NotFound() => Failure.NotFound("No bucket with this id exists in your organization.");

    public static Failure DuplicateName() =>
        Failure.Field(FailureKind.DuplicateBucketName, "Bucket name already used", RegistrationFields.Name,
            "This organization already has a bucket with this name (names are compared case-insensitively).");

    public static Failure TooManyBuckets(QuotaUsage usage) =>
        new(FailureKind.TooManyBuckets, "Too many buckets", $"The organization has {usage.Current} of {usage.Max} buckets; delete one or ask for a higher limit.")
        {
            Quota = usage,
        };

    /// <summary>A 502 like an unreachable provider: the request stored nothing and may be retried.</summary>
    public static Failure VaultUnavailable() =>
        new(FailureKind.ProviderUnavailable, "Credential vault unavailable",
            "The credentials could not be stored, so nothing was saved. Try again shortly.");

    public static Failure RevisionMismatch(long current) =>
        new(FailureKind.RevisionMismatch, "Revision mismatch",
            $"The bucket has changed since that revision; it is now at revision {current}. Read it again and retry with If-Match: \"{current}\".");
}
