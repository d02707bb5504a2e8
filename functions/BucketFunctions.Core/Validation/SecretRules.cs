using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>secret</c>: the access key secret, HMAC secret, service-account JSON, Azure account key or SAS token. Messages
/// say what is expected and never include any part of the value.
/// </summary>
public static class SecretRules
{
    public const int MaxLength = 16384;

    /// <summary>Checks a present secret; <paramref name="type"/> is null when the storage type is unknown (generic rules only).</summary>
    public static FieldError? Check(StorageType? type, SecretString secret) => Check(type, secret, TimeProvider.System, out _);

    /// <summary>
    /// As <see cref="Check(StorageType?, SecretString)"/>; <paramref name="time"/> decides whether a SAS token has expired.
    /// Null for a secret stored earlier and not sent again: its expiry is the bucket's status (the validate route reports
    /// it), not an error in what the caller sent. <paramref name="serviceAccount"/> is the GCS service-account key file
    /// the secret holds, read here once for the key rule and the check at the provider; null for any other secret.
    /// </summary>
    public static FieldError? Check(StorageType? type, SecretString secret, TimeProvider? time, out ServiceAccountKey? serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(secret);
        serviceAccount = null;
        var value = secret.Reveal();
        if (string.IsNullOrWhiteSpace(value))
        {
            return Error("The secret must not be empty or only whitespace.");
        }

        if (value.Length > MaxLength)
        {
            return Error($"The secret must be at most {MaxLength} characters long.");
        }

        if (type == StorageType.Gcs && ServiceAccountKey.LooksLikeJson(value))
        {
            serviceAccount = ServiceAccountKey.Parse(value, out var error);
            return serviceAccount is null ? Error(error!) : null;
        }

        return type == StorageType.Azure ? CheckAzure(value, time) : null;
    }

    private static FieldError? CheckAzure(string value, TimeProvider? time)
    {
        if (!SasToken.LooksLikeSas(value))
        {
            return IsBase64(value)
                ? null
                : Error("For AZURE the secret must be the storage account key (base64) or a SAS token (its query string, with sig).");
        }

        if (SasToken.Parse(value, out var error) is not { } token)
        {
            return Error(error!);
        }

        return time is not null && token.IsExpired(time.GetUtcNow())
            ? Error("The SAS token has expired (its se is in the past); create a new one.")
            : null;
    }

    /// <summary>Strict base64: no whitespace, padded, length a multiple of 4.</summary>
    internal static bool IsBase64(string value)
    {
        if (value.Length == 0 || value.Length % 4 != 0 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var buffer = new byte[value.Length / 4 * 3];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    private static FieldError Error(string message) => new(RegistrationFields.Secret, message);
}
