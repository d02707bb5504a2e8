using BucketFunctions.Core.Organizations;

namespace BucketFunctions.Api.Admin;

/// <summary>An organization as operators see it; <see cref="BucketLimit"/> is the limit in force (its own or the default).</summary>
public sealed record OrganizationResource(string OrganizationId, string Name, int BucketLimit, bool UsesDefaultLimit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrganizationResource From(Organization organization, int defaultLimit) => new(
        organization.Id,
        organization.Name,
        organization.BucketLimit ?? defaultLimit,
        organization.BucketLimit is null,
        organization.CreatedAt,
        organization.UpdatedAt);
}
