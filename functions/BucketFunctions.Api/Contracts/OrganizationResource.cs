using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;

namespace BucketFunctions.Api.Contracts;

/// <summary>An organization as operators see it; <see cref="BucketLimit"/> is the limit in force (its own or the default).</summary>
public sealed record OrganizationResource(string OrganizationId, string Name, int BucketLimit, bool UsesDefaultLimit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrganizationResource From(Organization organization, QuotaOptions quota) => new(
        organization.Id,
        organization.Name,
        quota.EffectiveLimit(organization.BucketLimit),
        organization.BucketLimit is null,
        organization.CreatedAt,
        organization.UpdatedAt);
}
