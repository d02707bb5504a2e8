using Azure;
using Azure.Data.Tables;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Buckets;

/// <summary>
/// The organization's bucket counter: <c>Used</c>, and <c>Limit</c> when an operator set one (absent = the default).
/// Every change to it goes through its ETag, which is what serializes concurrent creates and deletes.
/// </summary>
internal sealed record QuotaRow(int Used, int? Limit, ETag ETag)
{
    public static QuotaRow? From(TableEntity? entity) =>
        entity is null ? null : new(entity.GetInt32("Used") ?? 0, entity.GetInt32("Limit"), entity.ETag);

    public static TableEntity ToEntity(string partition, int used, int? limit)
    {
        var entity = new TableEntity(partition, TenantRows.Quota) { ["Used"] = used };
        if (limit is { } l)
        {
            entity["Limit"] = l;
        }

        return entity;
    }
}
