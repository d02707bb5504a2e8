using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary><c>bucket</c>: not trimmed, checked against the provider's own naming rules.</summary>
public static class BucketFieldRules
{
    /// <summary>Checks against <paramref name="type"/>'s rules, or against what every provider requires when the type is unknown.</summary>
    public static FieldError? Check(StorageType? type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var message = type is { } known ? BucketNameRules.Check(known, value) : BucketNameRules.CheckAny(value);
        return message is null ? null : new FieldError(RegistrationFields.Bucket, message);
    }
}
