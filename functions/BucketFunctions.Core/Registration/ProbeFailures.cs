using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Registration;

/// <summary>What a failed credential check means for the client: one failure kind per thing to fix.</summary>
internal static class ProbeFailures
{
    public static Failure From(ProbeResult probe) => probe.Outcome switch
    {
        ProbeOutcome.CredentialsRejected => Fields(FailureKind.CredentialsRejected, "Credentials rejected", probe.Message, RegistrationFields.Key, RegistrationFields.Secret),
        ProbeOutcome.BucketNotFound => Fields(FailureKind.BucketNotFoundAtProvider, "Bucket not found at provider", probe.Message, RegistrationFields.Bucket),
        ProbeOutcome.RegionMismatch => Fields(FailureKind.RegionMismatch, "Region mismatch", probe.Message, RegistrationFields.Region),
        ProbeOutcome.PermissionDenied => Fields(FailureKind.PermissionDeniedAtProvider, "Permission denied at provider", probe.Message, RegistrationFields.Key),
        ProbeOutcome.EndpointNotAllowed => Fields(FailureKind.EndpointNotAllowed, "Endpoint not allowed", probe.Message, RegistrationFields.Endpoint),
        ProbeOutcome.NotSupported => Fields(FailureKind.ProviderNotSupported, "Storage type not supported yet", probe.Message, RegistrationFields.StorageType),
        ProbeOutcome.ProviderUnavailable => new Failure(FailureKind.ProviderUnavailable, "Provider unavailable", probe.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(probe), probe.Outcome, "Not a failure."),
    };

    private static Failure Fields(FailureKind kind, string title, string message, params string[] fields) =>
        new(kind, title, message) { Errors = fields.Select(f => new FieldError(f, message)).ToList() };
}
