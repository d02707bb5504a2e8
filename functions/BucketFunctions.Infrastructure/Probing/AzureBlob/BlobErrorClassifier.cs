using Azure;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Reads a Blob service error answer (a <see cref="RequestFailedException"/> with a status) into a
/// <see cref="ProviderFailure"/>: the error code (<c>x-ms-error-code</c>) first, then the HTTP status. Wording is this
/// class's own plus the error code, never the provider's free text. A permission error fails at the step that was
/// running (<paramref name="step"/>).
/// </summary>
internal static class BlobErrorClassifier
{
    public static ProviderFailure Classify(RequestFailedException error, bool sas, string container, string where, string step)
    {
        ArgumentNullException.ThrowIfNull(error);
        var answer = new ProviderAnswer(where, error.Status, error.ErrorCode);
        ProviderFailure Rejected() => answer.Failed(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
            "The storage account refused the key or the SAS token");
        ProviderFailure Denied() => answer.Failed(ProbeOutcome.PermissionDenied, step,
            $"The credentials were accepted but cannot {ProviderFailure.Verb(step)} container '{container}'");

        return answer.Code switch
        {
            "AuthenticationFailed" or "InvalidAuthenticationInfo" or "NoAuthenticationInformation"
                or "KeyBasedAuthenticationNotPermitted" => Rejected(),

            // The account key holds every right on the account, so an authorization failure under Shared Key is the
            // account refusing the key (Azurite answers a wrong signature this way); under a SAS it is a missing right.
            "AuthorizationFailure" => sas ? Denied() : Rejected(),
            "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch" or "AuthorizationServiceMismatch"
                or "AuthorizationProtocolMismatch" or "AuthorizationSourceIPMismatch" or "AccountIsDisabled" => Denied(),
            "ContainerNotFound" => answer.Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                $"Container '{container}' does not exist in the storage account"),
            "InvalidResourceName" => answer.Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists,
                $"The storage account does not accept '{container}' as a container name"),
            _ => error.Status switch
            {
                401 => Rejected(),
                403 => Denied(),
                404 => answer.Failed(ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists, $"Container '{container}' was not found"),
                _ => answer.Unexplained(),
            },
        };
    }

    /// <summary>
    /// Classifies an error of a container-creation call: an existing container is left untouched, a refused permission
    /// names the operation (<paramref name="operation"/>).
    /// </summary>
    public static ProvisionResult ClassifyProvisioning(
        RequestFailedException error, bool sas, string container, string where, string operation)
    {
        ArgumentNullException.ThrowIfNull(error);
        var answer = new ProviderAnswer(where, error.Status, error.ErrorCode);
        ProvisionResult Result(ProvisionOutcome outcome, string message, string field) => answer.Result(outcome, message, field);

        return answer.Code switch
        {
            "ContainerAlreadyExists" or "ContainerBeingDeleted" => Result(ProvisionOutcome.AlreadyExists,
                $"Container '{container}' already exists in the storage account; it was left untouched. Register it without provision, "
                + "or pick another name", RegistrationFields.Bucket),
            "ContainerNotFound" => Result(ProvisionOutcome.NotFound, $"Container '{container}' does not exist", RegistrationFields.Bucket),
            "ContainerNotEmpty" => Result(ProvisionOutcome.NotEmpty, $"Container '{container}' is not empty", RegistrationFields.Bucket),
            "InvalidResourceName" => Result(ProvisionOutcome.InvalidName,
                $"The storage account does not accept '{container}' as a container name", RegistrationFields.Bucket),
            "PublicAccessNotPermitted" => Result(ProvisionOutcome.SettingRefused,
                "The storage account does not allow public access (allowBlobPublicAccess is off), so an allPublic container cannot be made",
                ProvisionRules.Name("bucketType")),
            "AuthenticationFailed" or "InvalidAuthenticationInfo" or "NoAuthenticationInformation" or "KeyBasedAuthenticationNotPermitted" =>
                Result(ProvisionOutcome.CredentialsRejected, "The storage account refused the key or the SAS token", RegistrationFields.Key),
            "AuthorizationFailure" when !sas =>
                Result(ProvisionOutcome.CredentialsRejected, "The storage account refused the key", RegistrationFields.Key),
            _ when answer.Code?.StartsWith("Authorization", StringComparison.Ordinal) == true || error.Status == 403 =>
                Result(ProvisionOutcome.PermissionDenied,
                    $"The credentials were accepted but may not {operation} '{container}'", RegistrationFields.Key),
            _ when error.Status == 401 =>
                Result(ProvisionOutcome.CredentialsRejected, "The storage account refused the key or the SAS token", RegistrationFields.Key),
            _ when error.Status >= 500 =>
                Result(ProvisionOutcome.ProviderUnavailable, $"The provider failed to answer {operation}", RegistrationFields.Provision),
            _ => Result(ProvisionOutcome.SettingRefused, $"The provider refused {operation}", RegistrationFields.Provision),
        };
    }
}
