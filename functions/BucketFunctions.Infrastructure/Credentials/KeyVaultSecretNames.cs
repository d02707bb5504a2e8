namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Names of bucket secrets: <c>bucket-</c> and the bucket id in "N" format. Key Vault names allow only letters, digits
/// and '-'; a bucket id is never reused, so a soft-deleted name is never written again.
/// </summary>
public static class KeyVaultSecretNames
{
    public const string BucketPrefix = "bucket-";

    public static string ForBucket(Guid bucketId) => BucketPrefix + bucketId.ToString("N");

    /// <summary>The bucket id a secret name carries; false for a secret that is not a bucket's.</summary>
    public static bool TryParseBucket(string? name, out Guid bucketId)
    {
        bucketId = Guid.Empty;
        return name is not null
            && name.StartsWith(BucketPrefix, StringComparison.OrdinalIgnoreCase)
            && Guid.TryParseExact(name.AsSpan(BucketPrefix.Length), "N", out bucketId);
    }

    /// <summary>Key Vault's own rule for object names: 1-127 characters, letters, digits and '-'.</summary>
    public static bool IsValid(string name) =>
        name.Length is >= 1 and <= 127 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
