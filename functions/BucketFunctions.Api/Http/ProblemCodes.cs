using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Http;

/// <summary>The contract's status and error code for each kind of failure (docs/API.md, "Errors").</summary>
public static class ProblemCodes
{
    public const string InternalError = "internal_error";

    public static (int Status, string Code) For(FailureKind kind) => kind switch
    {
        FailureKind.MalformedRequest => (400, "malformed_request"),
        FailureKind.ValidationFailed => (400, "validation_failed"),
        FailureKind.CredentialsRejected => (400, "credentials_rejected"),
        FailureKind.BucketNotFoundAtProvider => (400, "bucket_not_found_at_provider"),
        FailureKind.RegionMismatch => (400, "region_mismatch"),
        FailureKind.PermissionDeniedAtProvider => (400, "permission_denied_at_provider"),
        FailureKind.EndpointNotAllowed => (400, "endpoint_not_allowed"),
        FailureKind.ProviderNotSupported => (400, "storage_type_not_supported"),
        FailureKind.UnknownWorkspace => (400, "unknown_workspace"),
        FailureKind.OptionNotSupported => (400, "option_not_supported"),
        FailureKind.ProvisioningFailed => (400, "provisioning_failed"),
        FailureKind.Unauthorized => (401, "unauthorized"),
        FailureKind.MissingCapability => (403, "missing_capability"),
        FailureKind.NotFound => (404, "not_found"),
        FailureKind.DuplicateBucketName => (409, "duplicate_bucket_name"),
        FailureKind.ApiKeyInUse => (409, "api_key_in_use"),
        FailureKind.BucketExistsAtProvider => (409, "bucket_exists_at_provider"),
        FailureKind.BucketNotEmpty => (409, "bucket_not_empty"),
        FailureKind.AlreadyExists => (409, "already_exists"),
        FailureKind.IdempotencyInProgress => (409, "idempotency_in_progress"),
        FailureKind.RevisionMismatch => (412, "revision_mismatch"),
        FailureKind.MethodNotAllowed => (405, "method_not_allowed"),
        FailureKind.RequestTimeout => (408, "request_timeout"),
        FailureKind.PayloadTooLarge => (413, "payload_too_large"),
        FailureKind.UnsupportedMediaType => (415, "unsupported_media_type"),
        FailureKind.IdempotencyKeyReuse => (422, "idempotency_key_reuse"),
        FailureKind.TooManyBuckets => (429, "too_many_buckets"),
        FailureKind.ProviderUnavailable => (502, "provider_unavailable"),
        FailureKind.ProvisioningUnavailable => (502, "provisioning_failed"),
        FailureKind.Busy => (503, "busy"),
        _ => (500, InternalError),
    };
}
