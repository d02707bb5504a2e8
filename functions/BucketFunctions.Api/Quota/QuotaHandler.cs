using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Api.Quota;

/// <summary>
/// <c>GET /quota</c> and <c>GET /user/quota</c>, for any valid token: Flashback's <c>QuotaResponse</c>, the plan an operator
/// set and the one capability counted, the organization's buckets.
/// </summary>
public sealed class QuotaHandler(QuotaService quotas)
{
    private static readonly QuotaCapability Buckets = new(
        "buckets", "BUCKETS", "Buckets registered by the organization", "STORAGE", "ALL_TIME");

    public async Task<Result<QuotaResponse>> GetAsync(RequestContext context, Caller caller, NoInput input)
    {
        var quota = await quotas.GetAsync(caller.OrganizationId, context.CancellationToken).ConfigureAwait(false);
        var usage = quota.Buckets;
        return new QuotaResponse(
            true,
            new QuotaSubscription(quota.Plan, quota.Plan, $"The {quota.Plan} plan: up to {usage.Max} buckets."),
            [new QuotaUsageEntry(Buckets, new QuotaFigures(usage.Current, usage.Max, usage.Percentage))]);
    }
}
