using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// The bucket body as the client sent it, fields not yet checked (null = absent): Flashback's create body, which its
/// client also sends whole to update a bucket and in part to validate one. This is the one declaration of that shape:
/// the HTTP layer reads it (<c>BucketBody</c>), the OpenAPI document describes it, and the property names are the
/// JSON names of <see cref="RegistrationFields"/>. The HTTP layer has already rejected wrong JSON types; everything
/// else is the validator's job.
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
    public string? WalletAddress { get; init; }

    /// <summary>A stored provider key whose credential stands in place of <see cref="Key"/> and <see cref="Secret"/>.</summary>
    public string? ApiKeyUuid { get; init; }

    /// <summary>Create the bucket at the provider with these settings before registering it (create only).</summary>
    public Provisioning.ProvisionInput? Provision { get; init; }
}
