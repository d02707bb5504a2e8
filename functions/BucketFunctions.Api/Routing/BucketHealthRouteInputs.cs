using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Routing;

/// <summary><c>POST /bucket/{bucketId}/stats</c> with <c>{day}</c>.</summary>
public sealed record BucketStatsInput(string BucketId, string? Day) : IRouteInput<BucketStatsInput>
{
    public static RequestBody? RequestBody => RequestBody.Of<BucketStatsRequest>();

    public static Result<BucketStatsInput> Bind(RouteCall call) =>
        call.Body.Read(BucketStatsRequest.Read).Map(body => new BucketStatsInput(call.RouteValue("bucketId"), body.Day));
}

/// <summary><c>GET /bucket/available?workspaceId=</c>.</summary>
public sealed record AvailableBucketsInput(string? WorkspaceId) : IRouteInput<AvailableBucketsInput>
{
    public static IReadOnlyList<RouteParameter> Parameters =>
        [new(BucketAccess.ListWorkspaceField, ParameterLocation.Query, "Only buckets of this workspace. " + Paging.AbsentValues)];

    public static Result<AvailableBucketsInput> Bind(RouteCall call) =>
        new AvailableBucketsInput(Paging.Optional(call.Query(BucketAccess.ListWorkspaceField)));
}
