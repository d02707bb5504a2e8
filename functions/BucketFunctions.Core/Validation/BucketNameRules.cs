using System.Text.RegularExpressions;
using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// Each provider's own bucket (container) naming rules, so a name the provider would refuse is refused before any
/// call. Messages never repeat the name.
/// </summary>
public static partial class BucketNameRules
{
    private static readonly string[] S3ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] S3ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];
    private static readonly string[] AzureSystemContainers = ["$root", "$web", "$logs", "$blobchangefeed"];

    /// <summary>Null when <paramref name="name"/> is a valid bucket name for <paramref name="type"/>; otherwise why not, in one sentence.</summary>
    public static string? Check(StorageType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return type switch
        {
            StorageType.S3 => CheckS3(name),
            StorageType.Gcs => CheckGcs(name),
            StorageType.Azure => CheckAzure(name),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    /// <summary>
    /// What every provider requires, for when the storage type itself is invalid: 3 to 63 characters per dot-separated
    /// label (222 in all), lowercase letters, digits, dots, hyphens and underscores, a letter or digit at both ends.
    /// </summary>
    public static string? CheckAny(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 222 || name.Split('.').Any(label => label.Length is 0 or > 63))
        {
            return "A bucket name must be 3 to 63 characters long (each dot-separated part at most 63, 222 in all).";
        }

        if (!name.All(c => TextRules.IsLowerOrDigit(c) || c is '.' or '-' or '_'))
        {
            return "A bucket name may contain only lowercase letters, digits, dots, hyphens and underscores.";
        }

        return StartsAndEndsWithLetterOrDigit(name) ? null : "A bucket name must start and end with a lowercase letter or a digit.";
    }

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets), applied
    // to S3-compatible services too; plus the virtual-host rule that a dot may not touch a hyphen.
    private static string? CheckS3(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "An S3 bucket name must be 3 to 63 characters long.";
        }

        if (!name.All(c => TextRules.IsLowerOrDigit(c) || c is '.' or '-'))
        {
            return "An S3 bucket name may contain only lowercase letters, digits, dots and hyphens.";
        }

        if (!StartsAndEndsWithLetterOrDigit(name))
        {
            return "An S3 bucket name must start and end with a lowercase letter or a digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "An S3 bucket name must not contain two adjacent dots.";
        }

        if (name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            return "An S3 bucket name must not have a dot next to a hyphen.";
        }

        if (LooksLikeIPv4(name))
        {
            return "An S3 bucket name must not be formatted as an IP address.";
        }

        if (S3ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"An S3 bucket name must not start with the reserved prefix '{prefix}'.";
        }

        if (S3ReservedSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
        {
            return $"An S3 bucket name must not end with the reserved suffix '{suffix}'.";
        }

        return null;
    }

    // https://cloud.google.com/storage/docs/buckets#naming
    private static string? CheckGcs(string name)
    {
        if (name.Contains('.', StringComparison.Ordinal))
        {
            if (name.Length is < 3 or > 222)
            {
                return "A GCS bucket name with dots must be 3 to 222 characters long.";
            }

            if (name.Split('.').Any(part => part.Length > 63))
            {
                return "Each dot-separated part of a GCS bucket name must be at most 63 characters long.";
            }
        }
        else if (name.Length is < 3 or > 63)
        {
            return "A GCS bucket name must be 3 to 63 characters long (up to 222 when it contains dots).";
        }

        if (!name.All(c => TextRules.IsLowerOrDigit(c) || c is '-' or '_' or '.'))
        {
            return "A GCS bucket name may contain only lowercase letters, digits, hyphens, underscores and dots.";
        }

        if (!StartsAndEndsWithLetterOrDigit(name))
        {
            return "A GCS bucket name must start and end with a lowercase letter or a digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "A GCS bucket name must not contain two adjacent dots.";
        }

        if (LooksLikeIPv4(name))
        {
            return "A GCS bucket name must not be an IP address in dotted-decimal notation.";
        }

        if (name.StartsWith("goog", StringComparison.Ordinal))
        {
            return "A GCS bucket name must not begin with 'goog'.";
        }

        if (ContainsGoogleLookAlike(name))
        {
            return "A GCS bucket name must not contain 'google' or a close misspelling of it.";
        }

        return null;
    }

    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    private static string? CheckAzure(string name)
    {
        if (AzureSystemContainers.Contains(name, StringComparer.Ordinal))
        {
            return "That is a reserved Azure system container; register a regular container instead.";
        }

        if (name.Length is < 3 or > 63)
        {
            return "An Azure container name must be 3 to 63 characters long.";
        }

        if (!name.All(c => TextRules.IsLowerOrDigit(c) || c == '-'))
        {
            return "An Azure container name may contain only lowercase letters, digits and hyphens.";
        }

        if (!TextRules.IsLowerOrDigit(name[0]))
        {
            return "An Azure container name must start with a lowercase letter or a digit.";
        }

        if (name.Contains("--", StringComparison.Ordinal) || name[^1] == '-')
        {
            return "Every hyphen in an Azure container name must be preceded and followed by a letter or a digit.";
        }

        return null;
    }

    private static bool StartsAndEndsWithLetterOrDigit(string name) =>
        TextRules.IsLowerOrDigit(name[0]) && TextRules.IsLowerOrDigit(name[^1]);

    private static bool LooksLikeIPv4(string name) => DottedQuad().IsMatch(name);

    /// <summary>"google" with the digit look-alikes Google's rule is about (g00gle, goog1e, googl3...).</summary>
    private static bool ContainsGoogleLookAlike(string name)
    {
        var folded = name.Replace('0', 'o').Replace('1', 'l').Replace('3', 'e');
        return folded.Contains("google", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();
}
