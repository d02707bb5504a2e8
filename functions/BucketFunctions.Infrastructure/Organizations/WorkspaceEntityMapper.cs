using Azure.Data.Tables;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Organizations;

/// <summary>Workspace ⇄ its row in the organization's partition. The organization is the partition, not a property.</summary>
internal static class WorkspaceEntityMapper
{
    public static TableEntity ToEntity(Workspace workspace) => new(TenantRows.Partition(workspace.OrganizationId), TenantRows.Workspace(workspace.Id))
    {
        ["WorkspaceId"] = workspace.Id,
        ["Name"] = workspace.Name,
        ["CreatedAt"] = workspace.CreatedAt,
    };

    public static Workspace ToWorkspace(string organizationId, TableEntity entity) => new(
        organizationId,
        entity.GetString("WorkspaceId") ?? throw Corrupt(entity, "WorkspaceId"),
        entity.GetString("Name") ?? throw Corrupt(entity, "Name"),
        entity.GetDateTimeOffset("CreatedAt") ?? throw Corrupt(entity, "CreatedAt"));

    private static InvalidOperationException Corrupt(TableEntity entity, string property) =>
        new($"Workspace row {entity.RowKey} has no {property}.");
}
