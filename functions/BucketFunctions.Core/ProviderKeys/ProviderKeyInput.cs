using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// The provider-key body as the client sent it, fields not yet checked (null = absent): Flashback's
/// <c>CreateProviderApiKeyRequest</c>, which its <c>UpdateProviderApiKeyRequest</c> sends in part. The one declaration
/// of that shape: the HTTP layer reads it, the OpenAPI document describes it, and the property names are the JSON
/// names of <see cref="ProviderKeyFields"/>. (The client's <c>tenantId</c> and <c>subscriptionId</c>, for cloud
/// resources rather than storage, are not read.)
/// </summary>
public sealed record ProviderKeyInput
{
    public string? Key { get; init; }
    public SecretString? Secret { get; init; }
    public string? Endpoint { get; init; }
    public string? Region { get; init; }
    public string? Provider { get; init; }
    public string? Description { get; init; }
    public string? WorkspaceId { get; init; }
}

/// <summary>A change to a key: the fields given a value, and those sent as JSON null (only clearable ones may be).</summary>
public sealed record ProviderKeyChanges(ProviderKeyInput Changes, IReadOnlySet<string> Cleared);
