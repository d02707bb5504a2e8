using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Api.Buckets;

/// <summary>The bucket as clients see it (../shared/API.md, "The bucket resource"). No secret, only the key hint.</summary>
public sealed record BucketResource(
    Guid Id,
    string Name,
    string Bucket,
    string StorageType,
    string? Region,
    string? Endpoint,
    string? WorkspaceId,
    string KeyHint,
    string Status,
    DateTimeOffset LastStatusAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Revision)
{
    public static BucketResource From(Bucket bucket) => new(
        bucket.Id,
        bucket.Name,
        bucket.BucketName,
        bucket.StorageType.ToWireName(),
        bucket.Region,
        bucket.Endpoint,
        bucket.WorkspaceId,
        bucket.KeyHint,
        bucket.Status.ToString().ToUpperInvariant(),
        bucket.LastStatusAt,
        bucket.CreatedAt,
        bucket.UpdatedAt,
        bucket.Revision);
}
