using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Api.Quota;

/// <summary><c>GET /quota</c>: Flashback's quota usage shape, for any valid token.</summary>
public sealed class QuotaHandler(IBucketStore buckets)
{
    public async Task<Result<QuotaResponse>> GetAsync(RequestContext context, Caller caller, NoInput input)
    {
        var usage = await buckets.GetQuotaAsync(caller.OrganizationId, context.CancellationToken).ConfigureAwait(false);
        return new QuotaResponse(true, [new QuotaUsageEntry(new QuotaCapability("BUCKETS"), new QuotaFigures(usage.Current, usage.Max, usage.Percentage))]);
    }
}
