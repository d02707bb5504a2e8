namespace BucketFunctions.Core.Organizations;

/// <summary>Organizations and their workspaces, stored in the organization's own partition beside its buckets.</summary>
public interface IOrganizationStore
{
    /// <summary>Creates the organization and, when it has one, its own bucket limit, atomically. False when the id is taken.</summary>
    Task<bool> TryCreateAsync(Organization organization, CancellationToken cancellationToken);

    Task<Organization?> GetAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>Replaces name and limit (and the quota row's limit) atomically. False when there is no such organization.</summary>
    Task<bool> TryUpdateAsync(Organization organization, CancellationToken cancellationToken);

    /// <summary>False when the workspace id is already taken in the organization.</summary>
    Task<bool> TryAddWorkspaceAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>Every organization's id, a page at a time from the store (the scheduled re-check walks them all).</summary>
    IAsyncEnumerable<string> ListIdsAsync(CancellationToken cancellationToken);

    Task<Workspace?> GetWorkspaceAsync(string organizationId, string workspaceId, CancellationToken cancellationToken);
}
