using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Infrastructure.Probing.S3;

/// <summary>
/// Reads an S3-protocol error (AWS, S3-compatible services, GCS's XML API) into a <see cref="ProviderFailure"/>: the
/// error code first, then the HTTP status. Wording is this class's own plus the provider's error code: never the
/// provider's free text. The step a permission error fails at is the step that was running (<paramref name="step"/>).
/// </summary>
internal static partial class S3ErrorClassifier
{
    public const string BucketRegionHeader = "x-amz-bucket-region";

    /// <summary>Classifies an error of the call made for check <paramref name="step"/> (list, write or delete).</summary>
    public static ProviderFailure Classify(AmazonServiceException error, string bucket, string? region, string where, string step)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = (int)error.StatusCode;
        var answer = new ProviderAnswer(where, status, error.ErrorCode);
        ProviderFailure Denied() => answer.Failed(ProbeOutcome.PermissionDenied, step,
            $"The credentials were accepted but cannot {ProviderFailure.Verb(step)} bucket '{bucket}'");
        ProviderFailure Rejected() => answer.Failed(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
            "The provider rejected the access key or the secret");
        ProviderFailure Missing(string message) => answer.Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists, message);

        switch (answer.Code)
        {
            case "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "TokenRefreshRequired"
                or "InvalidSecurity" or "InvalidClientTokenId" or "UnrecognizedClientException":
                return Rejected();
            case "NoSuchBucket":
                return Missing($"Bucket '{bucket}' does not exist at the provider");
            case "InvalidBucketName":
                return Missing($"The provider does not accept '{bucket}' as a bucket name");
            case "AccessDenied" or "AllAccessDisabled" or "AccountProblem":
                return Denied();
            case "PermanentRedirect" or "TemporaryRedirect" or "Redirect" or "AuthorizationHeaderMalformed"
                or "IllegalLocationConstraintException" or "AuthorizationQueryParametersError":
                if (ActualRegion(error) is { } actual)
                {
                    return RegionMismatch(bucket, region, actual, where, answer);
                }

                if (answer.Code == "AuthorizationHeaderMalformed")
                {
                    return Rejected();
                }

                break;
        }

        if (status is 301 or 302 or 307 or 308 && ActualRegion(error) is { } redirectedTo)
        {
            return RegionMismatch(bucket, region, redirectedTo, where, answer);
        }

        return status switch
        {
            401 => Rejected(),
            403 => Denied(),
            404 => Missing($"Bucket '{bucket}' does not exist at the provider"),
            _ => answer.Unexplained(),
        };
    }

    /// <summary>
    /// Classifies an error of a bucket-creation call (<paramref name="operation"/>, serving request field
    /// <paramref name="setting"/>): an existing bucket is left untouched, a refused permission names the operation, and a
    /// setting the service refuses or does not implement is named with the provider's code. <paramref name="setting"/> is null
    /// for the bucket's own creation and deletion.
    /// </summary>
    public static ProvisionResult ClassifyProvisioning(
        AmazonServiceException error, string bucket, string where, string operation, string? setting)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = (int)error.StatusCode;
        var answer = new ProviderAnswer(where, status, error.ErrorCode);
        ProvisionResult Result(ProvisionOutcome outcome, string message, string? field = null) =>
            answer.Result(outcome, message, field ?? setting);

        return answer.Code switch
        {
            // Only when creating: a service that does not know a settings call may take it for another PutBucket (s3rver does).
            "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" when setting is null => Result(ProvisionOutcome.AlreadyExists,
                $"Bucket '{bucket}' already exists at the provider; it was left untouched. "
                + "Register it without provision, or pick another name",
                RegistrationFields.Bucket),
            "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "InvalidSecurity"
                or "InvalidClientTokenId" or "UnrecognizedClientException" => Result(ProvisionOutcome.CredentialsRejected,
                "The provider rejected the access key or the secret", RegistrationFields.Key),
            "AccessDenied" or "AllAccessDisabled" or "AccountProblem" => Result(ProvisionOutcome.PermissionDenied,
                $"The credentials were accepted but may not {operation} on bucket '{bucket}'", RegistrationFields.Key),
            "InvalidBucketName" => Result(ProvisionOutcome.InvalidName,
                $"The provider does not accept '{bucket}' as a bucket name", RegistrationFields.Bucket),
            "IllegalLocationConstraintException" or "InvalidLocationConstraint" => Result(ProvisionOutcome.SettingRefused,
                $"The provider cannot create bucket '{bucket}' in this region", RegistrationFields.Region),
            "BucketNotEmpty" => Result(ProvisionOutcome.NotEmpty,
                $"Bucket '{bucket}' is not empty; delete its objects (and their versions) first", RegistrationFields.Bucket),
            "NoSuchBucket" when setting is null => Result(ProvisionOutcome.NotFound,
                $"Bucket '{bucket}' does not exist at the provider", RegistrationFields.Bucket),
            "NotImplemented" => Result(ProvisionOutcome.SettingRefused, $"The provider does not implement {operation}"),
            _ when status is 401 => Result(ProvisionOutcome.CredentialsRejected, "The provider rejected the access key or the secret",
                RegistrationFields.Key),
            _ when status is 403 => Result(ProvisionOutcome.PermissionDenied,
                $"The credentials were accepted but may not {operation} on bucket '{bucket}'", RegistrationFields.Key),
            _ when status is 501 or 405 => Result(ProvisionOutcome.SettingRefused, $"The provider does not implement {operation}"),
            _ when status >= 500 => Result(ProvisionOutcome.ProviderUnavailable, $"The provider failed to answer {operation}"),
            _ => Result(ProvisionOutcome.SettingRefused, $"The provider refused {operation}"),
        };
    }

    /// <summary>The bucket's region as the provider named it: the x-amz-bucket-region header, the error's Region, or its message.</summary>
    public static string? ActualRegion(AmazonServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (ProviderFailure.Find<HttpErrorResponseException>(error)?.Response is { } response
            && response.IsHeaderPresent(BucketRegionHeader)
            && SafeRegion(response.GetHeaderValue(BucketRegionHeader)) is { } fromHeader)
        {
            return fromHeader;
        }

        if (error is AmazonS3Exception { ResponseBody: { } body } && RegionElement().Match(body) is { Success: true } element
            && SafeRegion(element.Groups["region"].Value) is { } fromBody)
        {
            return fromBody;
        }

        var expecting = ExpectingRegion().Match(error.Message ?? string.Empty);
        return expecting.Success ? SafeRegion(expecting.Groups["region"].Value) : null;
    }

    /// <summary>A region the provider named, when it is a region code (it becomes part of host names and signing scopes).</summary>
    public static string? SafeRegion(string? region) =>
        region is not null && RegionRules.IsS3RegionCode(region.Trim()) ? region.Trim() : null;

    private static ProviderFailure RegionMismatch(string bucket, string? region, string actual, string where, ProviderAnswer answer) =>
        new(ProbeOutcome.RegionMismatch, ProbeCheckNames.BucketExists,
            region is null
                ? $"Bucket '{bucket}' is in region '{actual}' ({answer.Said})."
                : $"Bucket '{bucket}' is in region '{actual}', not '{region}' ({answer.Said}).",
            $"{where} answered: the bucket is in region '{actual}'", answer.Code, actual);

    [GeneratedRegex(@"<Region>\s*(?<region>[a-z0-9-]{1,32})\s*</Region>", RegexOptions.CultureInvariant)]
    private static partial Regex RegionElement();

    [GeneratedRegex(@"expecting '(?<region>[a-z0-9-]{1,32})'", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectingRegion();
}
