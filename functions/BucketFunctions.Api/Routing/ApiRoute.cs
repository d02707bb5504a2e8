using BucketFunctions.Api.Contracts;
using BucketFunctions.Api.Http;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Routing;

/// <summary>Who may call a route.</summary>
public enum RouteAccess
{
    /// <summary>Anyone (health, the OpenAPI document).</summary>
    Public,

    /// <summary>A tenant's bearer token, with the route's capability if it names one.</summary>
    Tenant,

    /// <summary>The operator key.</summary>
    Operator,
}

/// <summary>
/// One route, declared once in <see cref="ApiRoutes"/>: method, template, who may call it, its typed input and
/// response, and the handler. The pipeline runs it, the local host maps it, the OpenAPI document describes it.
/// </summary>
public sealed class ApiRoute
{
    private ApiRoute(string name, string method, string template, RouteAccess access, Capability? capability, string summary)
    {
        Name = name;
        Method = method;
        Template = template;
        Access = access;
        Capability = capability;
        Summary = summary;
        RouteParameterNames = RoutePatternFactory.Parse(template).Parameters.Select(p => p.Name).ToList();
    }

    /// <summary>
    /// The operation id, and the name of the Functions app's function for this route. The Functions host tries routes
    /// in order of function name, first fit wins: a route with a literal segment where another route of its method has
    /// a parameter (<c>bucket/validate</c> against <c>bucket/{bucketId}</c>) needs the name that sorts first, ordinal
    /// ignoring case (see the App's FallbackFunction; tests/BucketFunctions.App.Tests fails otherwise).
    /// </summary>
    public string Name { get; }

    public string Method { get; }

    public string Template { get; }

    public RouteAccess Access { get; }

    public Capability? Capability { get; }

    public string Summary { get; }

    public IReadOnlyList<string> RouteParameterNames { get; }

    public RequestBody? RequestBody { get; private init; }

    public Type ResponseType { get; private init; } = null!;

    public IReadOnlyList<RouteParameter> Parameters { get; private init; } = [];

    /// <summary>The refusals particular to this route; the OpenAPI document adds those every route of its kind can give.</summary>
    public IReadOnlyList<FailureKind> Failures { get; private init; } = [];

    /// <summary>Honours <c>Idempotency-Key</c>.</summary>
    public bool Idempotent { get; private init; }

    internal Func<RouteCall, Task<ApiResponse>> Invoke { get; private init; } = null!;

    /// <summary>A tenant route: the handler gets the request context, the authenticated caller and the bound input.</summary>
    public static ApiRoute Tenant<THandler, TInput, TResponse>(
        string name, string method, string template, Capability? capability, string summary,
        Func<THandler, Func<RequestContext, Caller, TInput, Task<Result<TResponse>>>> handler,
        FailureKind[]? failures = null, bool idempotent = false)
        where THandler : notnull
        where TInput : IRouteInput<TInput>
        where TResponse : notnull =>
        Create<THandler, TInput, TResponse>(name, method, template, RouteAccess.Tenant, capability, summary,
            (h, call, input) => handler(h)(call.Context, call.Caller!, input), failures, idempotent);

    /// <summary>An operator route, or (with <see cref="RouteAccess.Public"/>) one anyone may call.</summary>
    public static ApiRoute Untenanted<THandler, TInput, TResponse>(
        string name, string method, string template, RouteAccess access, string summary,
        Func<THandler, Func<RequestContext, TInput, Task<Result<TResponse>>>> handler,
        FailureKind[]? failures = null)
        where THandler : notnull
        where TInput : IRouteInput<TInput>
        where TResponse : notnull =>
        Create<THandler, TInput, TResponse>(name, method, template, access, capability: null, summary,
            (h, call, input) => handler(h)(call.Context, input), failures, idempotent: false);

    private static ApiRoute Create<THandler, TInput, TResponse>(
        string name, string method, string template, RouteAccess access, Capability? capability, string summary,
        Func<THandler, RouteCall, TInput, Task<Result<TResponse>>> run, FailureKind[]? failures, bool idempotent)
        where THandler : notnull
        where TInput : IRouteInput<TInput>
        where TResponse : notnull => new(name, method, template, access, capability, summary)
        {
            RequestBody = TInput.RequestBody,
            ResponseType = typeof(TResponse),
            Parameters = TInput.Parameters,
            Failures = failures ?? [],
            Idempotent = idempotent,
            Invoke = async call =>
            {
                var input = TInput.Bind(call);
                if (!input.Succeeded)
                {
                    return call.Context.Fail(input.Failure!);
                }

                var handler = call.Request.HttpContext.RequestServices.GetRequiredService<THandler>();
                var result = await run(handler, call, input.Value).ConfigureAwait(false);
                return result.Succeeded ? ApiResponse.Success(result.Value) : call.Context.Fail(result.Failure!);
            },
        };
}
