using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// The provider-key routes (Flashback's <c>/apikeys</c>), one trigger each: the hand-written mirror of <see cref="ApiRoutes"/>.
/// </summary>
public sealed class ProviderKeyFunctions(ApiPipeline api)
{
    [Function("CreateProviderKey")]
    public Task<IResult> CreateProviderKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.ProviderKeys)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.CreateProviderKey, request);

    [Function("ListProviderKeys")]
    public Task<IResult> ListProviderKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.ProviderKeys)] HttpRequest request) =>
        api.RunAsync(ApiRoutes.ListProviderKeys, request);

    [Function("UpdateProviderKey")]
    public Task<IResult> UpdateProviderKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.ProviderKeyById)] HttpRequest request, string apiKeyId) =>
        api.RunAsync(ApiRoutes.UpdateProviderKey, request, apiKeyId);

    [Function("DeleteProviderKey")]
    public Task<IResult> DeleteProviderKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.ProviderKeyById)] HttpRequest request, string apiKeyId) =>
        api.RunAsync(ApiRoutes.DeleteProviderKey, request, apiKeyId);
}
