namespace BucketFunctions.Core.Results;

/// <summary>Every way a request can be refused. The HTTP layer maps each to one status and one error code.</summary>
public enum FailureKind
{
    MalformedRequest,
    ValidationFailed,
    CredentialsRejected,
    BucketNotFoundAtProvider,
    RegionMismatch,
    PermissionDeniedAtProvider,
    EndpointNotAllowed,
    ProviderNotSupported,
    UnknownWorkspace,
    Unauthorized,
    MissingCapability,
    NotFound,
    DuplicateBucketName,
    ApiKeyInUse,
    AlreadyExists,
    IdempotencyInProgress,
    RevisionMismatch,
    PayloadTooLarge,
    RequestTimeout,
    MethodNotAllowed,
    UnsupportedMediaType,
    IdempotencyKeyReuse,
    TooManyBuckets,
    ProviderUnavailable,
    Busy,
}
