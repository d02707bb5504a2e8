using System.Text.Json.Serialization;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Core.ProviderKeys;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// A provider key as clients see it: Flashback's <c>ProviderApiKeyDTO</c>, where <see cref="Key"/> is a hint of the
/// access key (as a bucket's <c>keyHint</c> is) and the secret never appears; plus the workspace and when it changed.
/// </summary>
public sealed record ProviderKeyResource(
    Guid Id,
    string Key,
    string? Endpoint,
    string? Region,
    [property: OneOf(typeof(ProviderNames), nameof(ProviderNames.WireNames))] string Provider,
    string? Description,
    string WorkspaceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("bucket_count")] int BucketCount)
{
    public static ProviderKeyResource From(ProviderKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.KeyHint, key.Endpoint, key.Region, key.ProviderName, key.Description, key.WorkspaceId,
            key.CreatedAt, key.UpdatedAt, key.BucketCount);
    }
}

/// <summary><c>POST /apikeys</c>: Flashback's <c>CreateProviderApiKeyResponse</c>, and the key as stored.</summary>
public sealed record CreateProviderKeyResponse(bool Success, Guid ApiKeyId, ProviderKeyResource ApiKey);

/// <summary><c>GET /apikeys</c>: Flashback's <c>GetProviderApiKeysResponse</c>.</summary>
public sealed record ProviderKeyListResponse(bool Success, IReadOnlyList<ProviderKeyResource> ApiKeys);

/// <summary>
/// <c>PUT /apikeys/{apiKeyId}</c>: Flashback's <c>UpdateProviderApiKeyResponse</c> (<c>success</c>), the key as the change
/// left it, and how many buckets a new credential was proven against and moved to (0 when it changed none).
/// </summary>
public sealed record UpdateProviderKeyResponse(bool Success, ProviderKeyResource ApiKey, int BucketsProven);
