using System.Text.Json.Nodes;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Routing;
using BucketFunctions.Core.Results;

namespace BucketFunctions.Api.OpenApi;

/// <summary><c>GET /openapi.json</c>: the document is built once from the route table and copied per request.</summary>
public sealed class OpenApiHandler
{
    private readonly Lazy<JsonObject> document = new(() => OpenApiDocumentBuilder.Build(ApiRoutes.All));

    public Task<Result<JsonObject>> GetAsync(RequestContext context, NoInput input) =>
        Task.FromResult<Result<JsonObject>>(document.Value.DeepClone().AsObject());
}
