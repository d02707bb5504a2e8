using BucketFunctions.Api.Contracts;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.Routing;

/// <summary><c>POST /bucket/{bucketId}/stats</c> with <c>{day}</c>.</summary>
public sealed record BucketStatsInput(string BucketId, string? Day) : IRouteInput<BucketStatsInput>
{
    public static Type? BodyType => typeof(BucketStatsRequest);

    public static Result<BucketStatsInput> Bind(RouteCall call)
    {
        var body = call.Body.Read(BucketStatsRequest.Read);
        return body.Succeeded ? new BucketStatsInput(call.RouteValue("bucketId"), body.Value.Day) : body.Failure!;
    }
}

/// <summary><c>GET /bucket/available?workspaceId=</c>.</summary>
public sealed record AvailableBucketsInput(string? WorkspaceId) : IRouteInput<AvailableBucketsInput>
{
    public static Type? BodyType => null;

    public static IReadOnlyList<RouteParameter> Parameters =>
        [new(BucketAccess.ListWorkspaceField, ParameterLocation.Query, "Only buckets of this workspace. " + Paging.AbsentValues)];

    public static Result<AvailableBucketsInput> Bind(RouteCall call) =>
        new AvailableBucketsInput(Paging.Optional(call.Query(BucketAccess.ListWorkspaceField)));
}
