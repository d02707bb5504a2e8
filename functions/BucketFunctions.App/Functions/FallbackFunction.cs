using BucketFunctions.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace BucketFunctions.App.Functions;

/// <summary>
/// Every path and method no other function takes: 405 with <c>Allow</c> when the path exists, else 404, as problem
/// responses — the same answer the local host gives.
/// </summary>
/// <remarks>
/// The Functions host has no route precedence: it tries HTTP functions in order of name (ordinal, ignoring case) and
/// the first whose template and method fit wins (azure-functions-host #3153, #9876). This catch-all fits every
/// request, so its name must sort after every other function's: "z_" sorts after any name that starts with another
/// letter or with "z" and a letter ('_' is above every letter when case is ignored). For the same reason a route with a
/// literal segment where another route of its method has a parameter needs the name that sorts first.
/// tests/BucketFunctions.App.Tests replays the host's rule over the built functions.metadata and fails otherwise.
/// </remarks>
public sealed class FallbackFunction(ApiPipeline api)
{
    public const string Name = "z_Fallback";

    [Function(Name)]
    public Task<IResult> Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "head", "options", Route = "{*path}")]
        HttpRequest request) =>
        api.RunFallbackAsync(request);
}
