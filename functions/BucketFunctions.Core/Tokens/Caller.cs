namespace BucketFunctions.Core.Tokens;

/// <summary>
/// Who is calling, as proven by an API token. The organization comes from the token alone: an organization id in a
/// request body or query is never trusted.
/// </summary>
public sealed record Caller(string OrganizationId, string TokenId, IReadOnlyList<string> Workspaces, Capability Capabilities)
{
    public bool Has(Capability capability) => (Capabilities & capability) == capability;

    public bool HasAllWorkspaces => Workspaces.Contains(ApiTokenRecord.AllWorkspaces, StringComparer.Ordinal);

    /// <summary>A token limited to some workspaces may touch only buckets in those workspaces (not unassigned ones).</summary>
    public bool MayUse(string? workspaceId) =>
        HasAllWorkspaces || (workspaceId is not null && Workspaces.Contains(workspaceId, StringComparer.Ordinal));
}
