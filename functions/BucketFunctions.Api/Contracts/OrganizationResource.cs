using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// An organization as operators see it; <see cref="BucketLimit"/> is the limit in force (its own or the default), and
/// <see cref="Plan"/> the plan name the quota answer shows (<c>free</c> until an operator names one).
/// </summary>
public sealed record OrganizationResource(
    string OrganizationId,
    string Name,
    int BucketLimit,
    bool UsesDefaultLimit,
    string Plan,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static OrganizationResource From(Organization organization, QuotaOptions quota) => new(
        organization.Id,
        organization.Name,
        quota.EffectiveLimit(organization.BucketLimit),
        organization.BucketLimit is null,
        organization.EffectivePlan,
        organization.CreatedAt,
        organization.UpdatedAt);
}
