using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Organizations;

namespace BucketFunctions.Api.Contracts;

// The operator bodies of docs/API.md ("Admin routes").

/// <summary><see cref="Plan"/> names the organization's subscription plan in quota answers (<c>free</c> when absent).</summary>
public sealed record CreateOrganizationRequest : IRequestBody<CreateOrganizationRequest>
{
    public required string? OrganizationId { get; init; }
    public required string? Name { get; init; }
    public int? BucketLimit { get; init; }
    public string? Plan { get; init; }

    public static CreateOrganizationRequest Read(JsonFields f) => new()
    {
        OrganizationId = f.String("organizationId"), Name = f.String("name"), BucketLimit = f.Int32("bucketLimit"),
        Plan = f.String(OrganizationAdminService.PlanField),
    };
}

/// <summary><see cref="BucketLimit"/> or <see cref="Plan"/> sent as null returns the organization to the default.</summary>
public sealed record UpdateOrganizationRequest : IRequestBody<UpdateOrganizationRequest>
{
    public string? Name { get; init; }
    public int? BucketLimit { get; init; }
    public string? Plan { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool SetsBucketLimit { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool SetsPlan { get; init; }

    public static UpdateOrganizationRequest Read(JsonFields f) => new()
    {
        Name = f.String("name"), BucketLimit = f.Int32("bucketLimit"), SetsBucketLimit = f.Has("bucketLimit"),
        Plan = f.String(OrganizationAdminService.PlanField), SetsPlan = f.Has(OrganizationAdminService.PlanField),
    };
}

public sealed record AddWorkspaceRequest : IRequestBody<AddWorkspaceRequest>
{
    public required string? WorkspaceId { get; init; }
    public required string? Name { get; init; }

    public static AddWorkspaceRequest Read(JsonFields f) => new() { WorkspaceId = f.String("workspaceId"), Name = f.String("name") };
}

/// <summary><see cref="Workspaces"/> is <c>["*"]</c> or workspace ids; <see cref="Capabilities"/> the capability names.</summary>
public sealed record IssueTokenRequest : IRequestBody<IssueTokenRequest>
{
    public string? Description { get; init; }
    public required IReadOnlyList<string>? Workspaces { get; init; }
    public required IReadOnlyList<string>? Capabilities { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }

    public static IssueTokenRequest Read(JsonFields f) => new()
    {
        Description = f.String("description"), Workspaces = f.StringArray("workspaces"), Capabilities = f.StringArray("capabilities"),
        ExpiresAt = f.Timestamp("expiresAt"),
    };
}
