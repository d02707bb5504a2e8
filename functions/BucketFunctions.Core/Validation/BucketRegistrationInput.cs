using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// A create request as the client sent it, fields not yet checked (null = absent). The HTTP layer has already rejected
/// wrong JSON types; everything else is the validator's job.
/// </summary>
public sealed record BucketRegistrationInput
{
    public string? Name { get; init; }
    public string? Bucket { get; init; }
    public string? StorageType { get; init; }
    public string? Key { get; init; }
    public SecretString? Secret { get; init; }
    public string? Region { get; init; }
    public string? Endpoint { get; init; }
    public string? WorkspaceId { get; init; }
}
