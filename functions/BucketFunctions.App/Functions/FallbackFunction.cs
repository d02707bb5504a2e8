using BucketFunctions.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// Every path and method no other function takes (the host prefers literal routes over this catch-all): 405 with
/// <c>Allow</c> when the path exists, else 404, as problem responses — the same answer the local host gives.
/// </summary>
public sealed class FallbackFunction(ApiPipeline api)
{
    [Function("Fallback")]
    public Task<IResult> Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "head", "options", Route = "{*path}")] HttpRequest request) =>
        api.RunFallbackAsync(request);
}
