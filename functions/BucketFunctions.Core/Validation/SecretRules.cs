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
    public static FieldError? Check(StorageType? type, SecretString secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var value = secret.Reveal();
        if (string.IsNullOrWhiteSpace(value))
        {
            return Error("The secret must not be empty or only whitespace.");
        }

        if (value.Length > MaxLength)
        {
            return Error($"The secret must be at most {MaxLength} characters long.");
        }

        if (type == StorageType.Azure && !IsSasToken(value) && !IsBase64(value))
        {
            return Error("For AZURE the secret must be the storage account key (base64) or a SAS token starting with '?sv=' or 'sv='.");
        }

        return null;
    }

    /// <summary>True for an Azure SAS token as the API accepts it: a query string starting with <c>?sv=</c> or <c>sv=</c>.</summary>
    public static bool IsSasToken(string value) =>
        value.StartsWith("?sv=", StringComparison.Ordinal) || value.StartsWith("sv=", StringComparison.Ordinal);

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
