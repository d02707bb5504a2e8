using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// The tenant and public routes, one trigger each: the hand-written mirror of <see cref="ApiRoutes"/> (attributes need
/// constants). Authentication is the pipeline's (bearer tokens), so triggers are anonymous at the host.
/// </summary>
public sealed class TenantFunctions(ApiPipeline api)
{
    [Function("CreateBucket")]
    public Task<IResult> CreateBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Buckets)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.CreateBucket, request);

    [Function("ListBuckets")]
    public Task<IResult> ListBuckets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Buckets)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.ListBuckets, request);

    [Function("GetBucket")]
    public Task<IResult> GetBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.BucketById)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.GetBucket, request, bucketId);

    [Function("UpdateBucket")]
    public Task<IResult> UpdateBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.BucketById)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.UpdateBucket, request, bucketId);

    [Function("DeleteBucket")]
    public Task<IResult> DeleteBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.BucketById)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.DeleteBucket, request, bucketId);

    [Function("ValidateNewBucket")]
    public Task<IResult> ValidateNewBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.BucketValidation)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.ValidateNewBucket, request);

    [Function("ValidateBucket")]
    public Task<IResult> ValidateBucket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.StoredBucketValidation)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.ValidateBucket, request, bucketId);

    [Function("GetBucketStatus")]
    public Task<IResult> GetBucketStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.BucketStatus)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.GetBucketStatus, request, bucketId);

    [Function("GetBucketStats")]
    public Task<IResult> GetBucketStats(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.BucketStats)] HttpRequest request, string bucketId) =>
        api.RunAsync(ApiRoutes.GetBucketStats, request, bucketId);

    [Function("GetAvailableBuckets")]
    public Task<IResult> GetAvailableBuckets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.AvailableBuckets)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.GetAvailableBuckets, request);

    [Function("GetQuota")]
    public Task<IResult> GetQuota(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Quota)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.GetQuota, request);

    [Function("GetUserQuota")]
    public Task<IResult> GetUserQuota(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UserQuota)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.GetUserQuota, request);

    [Function("GetHealth")]
    public Task<IResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.GetHealth, request);

    [Function("GetOpenApiDocument")]
    public Task<IResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApiDocument)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.GetOpenApiDocument, request);
}
