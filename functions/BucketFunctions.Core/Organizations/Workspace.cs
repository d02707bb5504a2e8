namespace BucketFunctions.Core.Organizations;

/// <summary>A grouping of buckets inside an organization; tokens may be limited to some workspaces.</summary>
public sealed record Workspace(string OrganizationId, string Id, string Name, DateTimeOffset CreatedAt);
