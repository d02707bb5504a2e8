using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary><c>bucket</c>: not trimmed, checked against the provider's own naming rules.</summary>
public static class BucketFieldRules
{
    public static FieldError? Check(StorageType type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return BucketNameRules.Check(type, value) is { } message ? new FieldError(RegistrationFields.Bucket, message) : null;
    }
}
