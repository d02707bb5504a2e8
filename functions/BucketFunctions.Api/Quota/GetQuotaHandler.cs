using BucketFunctions.Api.Http;
using BucketFunctions.Core.Buckets;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Quota;

/// <summary><c>GET /quota</c>: Flashback's quota usage shape, for any valid token.</summary>
public sealed class GetQuotaHandler(ApiPipeline pipeline, IBucketStore buckets)
{
    public Task<IResult> HandleAsync(HttpRequest request) =>
        pipeline.RunTenantAsync(request, "GetQuota", required: null, async (context, caller) =>
        {
            var usage = await buckets.GetQuotaAsync(caller.OrganizationId, context.CancellationToken).ConfigureAwait(false);
            return context.Ok(new
            {
                success = true,
                quotaUsage = new[]
                {
                    new { capability = new { code = "BUCKETS" }, usage = new { current = usage.Current, max = usage.Max, percentage = usage.Percentage } },
                },
            });
        });
}
