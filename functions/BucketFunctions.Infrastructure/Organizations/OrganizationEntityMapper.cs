using Azure.Data.Tables;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Organizations;

/// <summary>Organization ⇄ its row in the tenants table. <c>BucketLimit</c> is absent when the default applies.</summary>
internal static class OrganizationEntityMapper
{
    public static TableEntity ToEntity(Organization organization)
    {
        var entity = new TableEntity(TenantRows.Partition(organization.Id), TenantRows.Organization)
        {
            ["OrganizationId"] = organization.Id,
            ["Name"] = organization.Name,
            ["CreatedAt"] = organization.CreatedAt,
            ["UpdatedAt"] = organization.UpdatedAt,
        };
        if (organization.BucketLimit is { } limit)
        {
            entity["BucketLimit"] = limit;
        }

        return entity;
    }

    public static Organization ToOrganization(TableEntity entity) => new(
        entity.GetString("OrganizationId") ?? throw Corrupt(entity, "OrganizationId"),
        entity.GetString("Name") ?? throw Corrupt(entity, "Name"),
        entity.GetInt32("BucketLimit"),
        entity.GetDateTimeOffset("CreatedAt") ?? throw Corrupt(entity, "CreatedAt"),
        entity.GetDateTimeOffset("UpdatedAt") ?? throw Corrupt(entity, "UpdatedAt"));

    private static InvalidOperationException Corrupt(TableEntity entity, string property) =>
        new($"Organization row in partition {entity.PartitionKey} has no {property}.");
}
