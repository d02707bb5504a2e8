namespace BucketFunctions.Core.Organizations;

/// <summary>An operator's request to create an organization (fields unchecked; null = absent).</summary>
public sealed record CreateOrganizationInput(string? OrganizationId, string? Name, int? BucketLimit, string? Plan = null);

/// <summary>
/// An operator's partial update. <see cref="BucketLimitGiven"/> and <see cref="PlanGiven"/> tell an absent value (keep
/// it) from an explicit null (return to the default).
/// </summary>
public sealed record UpdateOrganizationInput(
    string? Name, bool BucketLimitGiven, int? BucketLimit, bool PlanGiven = false, string? Plan = null);

/// <summary>An operator's request to add a workspace.</summary>
public sealed record AddWorkspaceInput(string? WorkspaceId, string? Name);

/// <summary>An operator's request to issue a token. <see cref="Workspaces"/> is <c>["*"]</c> or workspace ids.</summary>
public sealed record IssueTokenInput(string? Description, IReadOnlyList<string>? Workspaces, IReadOnlyList<string>? Capabilities, DateTimeOffset? ExpiresAt);

/// <summary>A freshly issued token: <see cref="Token"/> is shown this once and stored only as a hash.</summary>
public sealed record IssuedToken(string TokenId, string Token, Tokens.ApiTokenRecord Record);
