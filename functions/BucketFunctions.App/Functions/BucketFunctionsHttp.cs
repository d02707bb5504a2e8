using BucketFunctions.Api.Buckets;
using BucketFunctions.Api.Quota;
using BucketFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>Tenant routes. Authentication is the Api pipeline's (bearer tokens), so triggers are anonymous at the host.</summary>
public sealed class BucketFunctionsHttp(CreateBucketHandler createBucket, GetQuotaHandler getQuota)
{
    [Function("CreateBucket")]
    public Task<IResult> CreateBucket([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Buckets)] HttpRequest request) =>
        createBucket.HandleAsync(request);

    [Function("GetQuota")]
    public Task<IResult> GetQuota([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Quota)] HttpRequest request) =>
        getQuota.HandleAsync(request);
}
