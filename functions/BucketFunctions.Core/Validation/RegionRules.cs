using System.Text.RegularExpressions;
using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>region</c> (optional): an AWS region when S3 has no endpoint, an S3 region code for S3-compatible services
/// (Storj <c>us1</c>, R2 <c>auto</c>, Scaleway <c>fr-par</c>), a GCS location for GCS, and a lenient token for Azure.
/// </summary>
public static partial class RegionRules
{
    /// <summary>
    /// Checks a present region. <paramref name="type"/> is null when the storage type is unknown (lenient rule);
    /// <paramref name="hasEndpoint"/> says whether the bucket has a custom endpoint (S3-compatible rather than AWS).
    /// </summary>
    public static FieldError? Check(StorageType? type, bool hasEndpoint, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return Error("The region must not be empty; leave it out instead.");
        }

        return type switch
        {
            StorageType.S3 when !hasEndpoint => AwsRegion().IsMatch(value)
                ? null
                : Error("For AWS S3 the region must be an AWS region code such as 'us-east-1' or 'eu-central-1'."),
            StorageType.S3 => IsS3RegionCode(value)
                ? null
                : Error("For an S3-compatible endpoint the region must be 1 to 32 lowercase letters, digits and inner hyphens, such as 'auto' or 'fr-par'."),
            StorageType.Gcs => GcsLocation().IsMatch(value)
                ? null
                : Error("For GCS the region must be a location such as 'US', 'EU', 'nam4' or 'us-central1' (2 to 63 letters, digits and hyphens)."),
            _ => LenientRegion().IsMatch(value)
                ? null
                : Error("The region must be 1 to 63 letters, digits, hyphens or underscores, starting with a letter or digit."),
        };
    }

    /// <summary>
    /// What an S3 client can sign with and what may stand in an AWS host name: lowercase letters, digits and inner
    /// hyphens, at most 32. The probe uses the same rule, so validation and the credential check never disagree.
    /// </summary>
    public static bool IsS3RegionCode(string value) => S3RegionCode().IsMatch(value);

    private static FieldError Error(string message) => new(RegistrationFields.Region, message);

    // us-east-1, us-gov-west-1, cn-north-1, ap-southeast-2; up to 4 leading letters for eusc-de-east-1.
    [GeneratedRegex(@"^(?=.{1,63}\z)[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegion();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex S3RegionCode();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex GcsLocation();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex LenientRegion();
}
