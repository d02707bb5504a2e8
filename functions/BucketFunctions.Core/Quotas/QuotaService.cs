using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Organizations;

namespace BucketFunctions.Core.Quotas;

/// <summary>An organization's plan and what it uses of it (<c>GET /quota</c>, <c>GET /user/quota</c>).</summary>
public sealed record QuotaStatement(string Plan, QuotaUsage Buckets);

/// <summary>Reads the plan from the organization and the bucket count from the counter the creates keep, at once.</summary>
public sealed class QuotaService(IBucketStore buckets, IOrganizationStore organizations)
{
    public async Task<QuotaStatement> GetAsync(string organizationId, CancellationToken cancellationToken)
    {
        var usage = buckets.GetQuotaAsync(organizationId, cancellationToken);
        var organization = organizations.GetAsync(organizationId, cancellationToken);
        await Task.WhenAll(usage, organization).ConfigureAwait(false);
        return new QuotaStatement(
            (await organization.ConfigureAwait(false))?.EffectivePlan ?? Organization.DefaultPlan, await usage.ConfigureAwait(false));
    }
}
