using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Buckets;

/// <summary>
/// Bucket ⇄ table entity. The entity holds no credential: only the key hint, the vault version it uses, and the
/// provider key whose credential that is, if any.
/// </summary>
internal static class BucketEntityMapper
{
    public const string StatusProperty = "Status";
    public const string LastStatusAtProperty = "LastStatusAt";
    public const string LatencyProperty = "LatencyMs";
    public const string CredentialVersionProperty = "CredentialVersion";
    public const string WalletAddressProperty = "WalletAddress";
    public const string ApiKeyIdProperty = "ApiKeyId";

    public static TableEntity ToEntity(Bucket bucket) => new(TenantRows.Partition(bucket.OrganizationId), TenantRows.Bucket(bucket.Id))
    {
        ["Id"] = bucket.Id,
        ["OrganizationId"] = bucket.OrganizationId,
        ["Name"] = bucket.Name,
        ["BucketName"] = bucket.BucketName,
        ["StorageType"] = bucket.StorageTypeName,
        ["Region"] = bucket.Region,
        ["Endpoint"] = bucket.Endpoint,
        ["WorkspaceId"] = bucket.WorkspaceId,
        [WalletAddressProperty] = bucket.WalletAddress,
        ["KeyHint"] = bucket.KeyHint,
        [CredentialVersionProperty] = bucket.CredentialVersion,
        [ApiKeyIdProperty] = bucket.ApiKeyId,
        [StatusProperty] = bucket.Status.ToString(),
        [LastStatusAtProperty] = bucket.LastStatusAt,
        [LatencyProperty] = bucket.LatencyMs,
        ["CreatedAt"] = bucket.CreatedAt,
        ["UpdatedAt"] = bucket.UpdatedAt,
        ["Revision"] = bucket.Revision,
    };

    public static Bucket ToBucket(TableEntity entity) => new()
    {
        Id = entity.GetGuid("Id") ?? throw Corrupt(entity, "Id"),
        OrganizationId = entity.GetString("OrganizationId") ?? throw Corrupt(entity, "OrganizationId"),
        Name = entity.GetString("Name") ?? throw Corrupt(entity, "Name"),
        BucketName = entity.GetString("BucketName") ?? throw Corrupt(entity, "BucketName"),
        StorageTypeName = StorageTypeName(entity),
        Region = entity.GetString("Region"),
        Endpoint = entity.GetString("Endpoint"),
        WorkspaceId = entity.GetString("WorkspaceId"),
        WalletAddress = entity.GetString(WalletAddressProperty),
        KeyHint = entity.GetString("KeyHint") ?? string.Empty,
        CredentialVersion = entity.GetString(CredentialVersionProperty),
        ApiKeyId = entity.GetGuid(ApiKeyIdProperty),
        Status = Enum.TryParse<BucketStatus>(entity.GetString(StatusProperty), out var status) ? status : BucketStatus.Unreachable,
        LastStatusAt = entity.GetDateTimeOffset(LastStatusAtProperty) ?? throw Corrupt(entity, LastStatusAtProperty),
        LatencyMs = entity.GetInt64(LatencyProperty),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? throw Corrupt(entity, "CreatedAt"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? throw Corrupt(entity, "UpdatedAt"),
        Revision = entity.GetInt64("Revision") ?? 1,
    };

    /// <summary>The wire spelling (S3, GCS, AZURE, BLOB); rows written before spellings were kept hold the enum name (Azure).</summary>
    private static string StorageTypeName(TableEntity entity) =>
        StorageTypeNames.TryParse(entity.GetString("StorageType"), out _, out var spelling)
            ? spelling
            : throw Corrupt(entity, "StorageType");

    private static InvalidOperationException Corrupt(TableEntity entity, string property) =>
        new($"Bucket row {entity.RowKey} has no {property}.");
}
