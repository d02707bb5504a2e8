using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary><c>storageType</c>: S3, GCS, AZURE or BLOB (both Azure Blob), any case; <c>spelling</c> is the one to keep.</summary>
public static class StorageTypeRules
{
    public static FieldError? Check(string value, out StorageType type, out string spelling)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StorageTypeNames.TryParse(value, out type, out spelling)
            ? null
            : new FieldError(RegistrationFields.StorageType, "The storageType must be one of S3, GCS, AZURE or BLOB (both Azure Blob).");
    }
}
