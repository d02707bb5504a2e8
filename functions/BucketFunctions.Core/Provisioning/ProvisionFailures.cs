using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;
using F = BucketFunctions.Core.Validation.RegistrationFields;

namespace BucketFunctions.Core.Provisioning;

/// <summary>What a provider's refusal to create (or delete) a bucket means for the client: one failure kind per thing to fix.</summary>
public static class ProvisionFailures
{
    public static Failure From(ProvisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var setting = result.Setting ?? F.Provision;
        var message = result.Message;
        return result.Outcome switch
        {
            ProvisionOutcome.AlreadyExists => Fields(FailureKind.BucketExistsAtProvider, "Bucket exists at provider", message, F.Bucket),
            ProvisionOutcome.InvalidName => Failure.Validation([new FieldError(F.Bucket, message)]),
            ProvisionOutcome.CredentialsRejected => Fields(FailureKind.CredentialsRejected, "Credentials rejected", message, F.Key, F.Secret),
            ProvisionOutcome.PermissionDenied =>
                Fields(FailureKind.PermissionDeniedAtProvider, "Permission denied at provider", message, F.Key),
            ProvisionOutcome.EndpointNotAllowed => Fields(FailureKind.EndpointNotAllowed, "Endpoint not allowed", message, F.Endpoint),
            ProvisionOutcome.OptionNotSupported => Failure.Validation(
                [new FieldError(setting, message, FieldErrorKind.OptionNotSupported)]),
            ProvisionOutcome.SettingRefused => Fields(FailureKind.ProvisioningFailed, "Provisioning failed", message, setting),
            ProvisionOutcome.ProviderUnavailable => Fields(FailureKind.ProvisioningUnavailable, "Provisioning failed", message, setting),
            ProvisionOutcome.NotEmpty => Fields(FailureKind.BucketNotEmpty, "Bucket not empty", message, F.Bucket),
            ProvisionOutcome.NotFound => Fields(FailureKind.BucketNotFoundAtProvider, "Bucket not found at provider", message, F.Bucket),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Not a failure."),
        };
    }

    private static Failure Fields(FailureKind kind, string title, string message, params string[] fields) =>
        new(kind, title, message) { Errors = fields.Select(f => new FieldError(f, message)).ToList() };
}
