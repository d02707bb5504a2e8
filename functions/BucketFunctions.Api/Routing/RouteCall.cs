using BucketFunctions.Api.Http;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Routing;

/// <summary>What the pipeline hands a route's input binder: the request, its route values and its body's fields, if any.</summary>
public sealed class RouteCall(HttpRequest request, RequestContext context, Caller? caller, JsonFields? body, IReadOnlyDictionary<string, string> routeValues)
{
    public HttpRequest Request { get; } = request;

    public RequestContext Context { get; } = context;

    public Caller? Caller { get; } = caller;

    /// <summary>The body's fields; present exactly when the route declares a required request body.</summary>
    public JsonFields Body => body ?? throw new InvalidOperationException("This route declares no request body.");

    /// <summary>The body's fields, or null when a route whose body is optional was sent none.</summary>
    public JsonFields? OptionalBody => body;

    public string RouteValue(string name) => routeValues[name];

    /// <summary>A query parameter given once; null when absent. Given twice it is ambiguous, and read as given.</summary>
    public string? Query(string name) => Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public string? Header(string name) => Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;
}
