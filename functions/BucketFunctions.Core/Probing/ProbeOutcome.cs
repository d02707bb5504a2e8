namespace BucketFunctions.Core.Probing;

/// <summary>The verdict of a credential check, one value per distinct thing a client must fix.</summary>
public enum ProbeOutcome
{
    Verified,
    CredentialsRejected,
    BucketNotFound,
    RegionMismatch,
    PermissionDenied,
    ProviderUnavailable,
    EndpointNotAllowed,
    NotSupported,
}
