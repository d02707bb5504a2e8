using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Api.Buckets;

/// <summary>The bucket health routes: each calls <see cref="BucketHealthService"/> and names its response.</summary>
public sealed class BucketHealthHandlers(BucketHealthService health)
{
    public async Task<Result<BucketStatusResponse>> StatusAsync(RequestContext context, Caller caller, BucketRef input) =>
        (await health.StatusAsync(caller, input.BucketId, context.CancellationToken).ConfigureAwait(false)).Map(BucketStatusResponse.From);

    public async Task<Result<BucketStatsResponse>> StatsAsync(RequestContext context, Caller caller, BucketStatsInput input) =>
        (await health.StatsAsync(caller, input.BucketId, input.Day, context.CancellationToken).ConfigureAwait(false))
            .Map(BucketStatsResponse.From);

    public async Task<Result<IReadOnlyList<BucketResource>>> AvailableAsync(RequestContext context, Caller caller, AvailableBucketsInput input) =>
        (await health.AvailableAsync(caller, input.WorkspaceId, context.CancellationToken).ConfigureAwait(false))
            .Map(buckets => (IReadOnlyList<BucketResource>)buckets.Select(BucketResource.From).ToList());
}
