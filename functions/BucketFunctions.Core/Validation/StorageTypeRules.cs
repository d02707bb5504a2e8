using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary><c>storageType</c>: S3, GCS or AZURE (BLOB is an alias), any case.</summary>
public static class StorageTypeRules
{
    public static FieldError? Check(string value, out StorageType type)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StorageTypeNames.TryParse(value, out type)
            ? null
            : new FieldError(RegistrationFields.StorageType, "The storageType must be one of S3, GCS or AZURE (BLOB is accepted for AZURE).");
    }
}
