using Azure.Data.Tables;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.ProviderKeys;

/// <summary>ProviderKey ⇄ table entity. The entity holds no credential: only the key hint and the vault version.</summary>
internal static class ProviderKeyEntityMapper
{
    public const string BucketCountProperty = "BucketCount";
    public const string RevisionProperty = "Revision";
    public const string CredentialVersionProperty = "CredentialVersion";

    public static TableEntity ToEntity(ProviderKey key) => new(TenantRows.Partition(key.OrganizationId), TenantRows.ProviderKey(key.Id))
    {
        ["Id"] = key.Id,
        ["OrganizationId"] = key.OrganizationId,
        ["WorkspaceId"] = key.WorkspaceId,
        ["Provider"] = key.ProviderName,
        ["Endpoint"] = key.Endpoint,
        ["Region"] = key.Region,
        ["Description"] = key.Description,
        ["KeyHint"] = key.KeyHint,
        [CredentialVersionProperty] = key.CredentialVersion,
        [BucketCountProperty] = key.BucketCount,
        ["CreatedAt"] = key.CreatedAt,
        ["UpdatedAt"] = key.UpdatedAt,
        [RevisionProperty] = key.Revision,
    };

    public static ProviderKey ToKey(TableEntity entity) => new()
    {
        Id = entity.GetGuid("Id") ?? throw Corrupt(entity, "Id"),
        OrganizationId = entity.GetString("OrganizationId") ?? throw Corrupt(entity, "OrganizationId"),
        WorkspaceId = entity.GetString("WorkspaceId") ?? throw Corrupt(entity, "WorkspaceId"),
        ProviderName = ProviderNames.TryParse(entity.GetString("Provider"), out _, out var spelling)
            ? spelling
            : throw Corrupt(entity, "Provider"),
        Endpoint = entity.GetString("Endpoint"),
        Region = entity.GetString("Region"),
        Description = entity.GetString("Description"),
        KeyHint = entity.GetString("KeyHint") ?? string.Empty,
        CredentialVersion = entity.GetString(CredentialVersionProperty) ?? throw Corrupt(entity, CredentialVersionProperty),
        BucketCount = entity.GetInt32(BucketCountProperty) ?? 0,
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? throw Corrupt(entity, "CreatedAt"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? throw Corrupt(entity, "UpdatedAt"),
        Revision = entity.GetInt64(RevisionProperty) ?? 1,
    };

    /// <summary>
    /// Counts one more (or one fewer) bucket on the key read as <paramref name="entity"/>, under that read's ETag: the
    /// action a bucket's own transaction carries, so the count and the buckets never disagree. The revision grows too,
    /// so a rotation that read the key before knows its list of buckets is stale.
    /// </summary>
    public static TableTransactionAction Count(TableEntity entity, int delta) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(entity.PartitionKey, entity.RowKey)
        {
            [BucketCountProperty] = Math.Max(0, (entity.GetInt32(BucketCountProperty) ?? 0) + delta),
            [RevisionProperty] = (entity.GetInt64(RevisionProperty) ?? 1) + 1,
        }, entity.ETag);

    private static InvalidOperationException Corrupt(TableEntity entity, string property) =>
        new($"Provider key row {entity.RowKey} has no {property}.");
}
