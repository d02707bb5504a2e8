using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>key</c>: the access key id (S3, GCS HMAC), the service account's client email (GCS) or the storage account name
/// (AZURE). Never trimmed: whitespace is an error, not something to repair.
/// </summary>
public static class KeyRules
{
    public const int MaxLength = 256;

    /// <summary>Checks a present key; <paramref name="type"/> is null when the storage type is unknown (generic rules only).</summary>
    public static FieldError? Check(StorageType? type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return Error("The key must not be empty.");
        }

        if (type == StorageType.Azure)
        {
            return value.Length is >= 3 and <= 24 && TextRules.AllLowerOrDigit(value)
                ? null
                : Error("For AZURE the key is the storage account name: 3 to 24 lowercase letters and digits.");
        }

        if (value.Length > MaxLength)
        {
            return Error($"The key must be at most {MaxLength} characters long.");
        }

        // Keys travel in request headers (SigV4 credential scope, HMAC ids, client emails): visible ASCII only.
        if (value.Any(c => c is <= ' ' or > '~'))
        {
            return Error("The key must be visible ASCII characters: no whitespace, control or non-ASCII characters.");
        }

        return null;
    }

    /// <summary>
    /// GCS with a service-account key: the key must be the key file's client_email (compared case-insensitively, as
    /// e-mail domains are).
    /// </summary>
    public static FieldError? CheckServiceAccountEmail(string key, ServiceAccountKey account)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(account);
        return string.Equals(account.ClientEmail, key, StringComparison.OrdinalIgnoreCase)
            ? null
            : Error("For a GCS service account the key must be the client_email of the service-account JSON in secret.");
    }

    private static FieldError Error(string message) => new(RegistrationFields.Key, message);
}
