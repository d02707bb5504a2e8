using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>The refusals about provider keys, worded once.</summary>
public static class ProviderKeyFailures
{
    /// <summary>Any key the caller may not see is answered the same way, so a caller cannot learn that it exists.</summary>
    public static Failure NotFound() => Failure.NotFound("No provider key with this id exists in your organization.");

    public static Failure InUse(int bucketCount) =>
        new(FailureKind.ApiKeyInUse, "Provider key in use",
            $"{bucketCount} bucket(s) still use this provider key; give them other credentials or delete them first.");

    /// <summary>A bucket body's apiKeyUuid that names no key the caller may use.</summary>
    public static FieldError Unknown() =>
        new(RegistrationFields.ApiKeyUuid, "No provider key with this id exists in your organization.");

    public static FieldError Full() =>
        new(RegistrationFields.ApiKeyUuid,
            $"This provider key already serves {ProviderKey.MaxBuckets} buckets, the most one key can; "
            + "use another key or the bucket's own key and secret.");

    /// <summary>
    /// A rotation that could not be proven against every bucket that uses the key: nothing was stored. Refused as the
    /// provider being unavailable when only reaching it failed (<paramref name="unavailable"/>: worth retrying), else as
    /// rejected credentials naming the fields the change gave.
    /// </summary>
    public static Failure RotationRefused(
        IReadOnlyList<UnprovenBucket> unproven, bool unavailable, int bucketCount, IReadOnlyList<string> fields)
    {
        var names = string.Join(", ", unproven.Select(b => $"'{b.Name}' ({b.Status.ToWireName()})"));
        var detail = $"The new credential could not be proven against {unproven.Count} of the {bucketCount} bucket(s) that use this key, "
            + $"so nothing was stored: {names}.";
        return new Failure(
            unavailable ? FailureKind.ProviderUnavailable : FailureKind.CredentialsRejected,
            unavailable ? "Provider unavailable" : "Credentials rejected",
            detail)
        {
            Errors = unavailable ? [] : fields.Select(f => new FieldError(f, detail)).ToList(),
            Buckets = unproven,
        };
    }
}

/// <summary>A bucket a new credential could not be proven against, and what its provider said.</summary>
public sealed record UnprovenBucket(Guid BucketId, string Name, BucketStatus Status, string Message);
