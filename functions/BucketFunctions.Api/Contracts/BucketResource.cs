using BucketFunctions.Api.OpenApi;
using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// The bucket as clients see it (the contract's "bucket resource"; Flashback's <c>StorageBucket</c> plus our fields). No
/// secret, only the key hint; <see cref="StorageType"/> spelled as the bucket was registered (AZURE or BLOB);
/// <see cref="ApiKeyId"/> the provider key whose credential it uses, if any; <see cref="LatencyMs"/> how long the provider
/// took to answer the check that set <see cref="Status"/>.
/// </summary>
public sealed record BucketResource(
    Guid Id,
    string Name,
    string Bucket,
    [property: OneOf(typeof(StorageTypeNames), nameof(StorageTypeNames.WireNames))] string StorageType,
    string? Region,
    string? Endpoint,
    string? WorkspaceId,
    string? WalletAddress,
    string KeyHint,
    [property: OneOf(typeof(BucketStatuses), nameof(BucketStatuses.WireNames))] string Status,
    DateTimeOffset LastStatusAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Revision,
    Guid? ApiKeyId,
    [property: System.Text.Json.Serialization.JsonPropertyName("latency_ms")] long? LatencyMs = null)
{
    public static BucketResource From(Bucket bucket) => new(
        bucket.Id,
        bucket.Name,
        bucket.BucketName,
        bucket.StorageTypeName,
        bucket.Region,
        bucket.Endpoint,
        bucket.WorkspaceId,
        bucket.WalletAddress,
        bucket.KeyHint,
        bucket.Status.ToWireName(),
        bucket.LastStatusAt,
        bucket.CreatedAt,
        bucket.UpdatedAt,
        bucket.Revision,
        bucket.ApiKeyId,
        bucket.LatencyMs);

    /// <summary>The revision as an entity tag, what <c>If-Match</c> sends back.</summary>
    public IReadOnlyDictionary<string, string> ETagHeader() => new Dictionary<string, string> { ["ETag"] = $"\"{Revision}\"" };
}
