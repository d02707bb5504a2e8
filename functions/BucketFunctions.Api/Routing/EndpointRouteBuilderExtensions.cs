using BucketFunctions.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Routing;

/// <summary>Maps <see cref="ApiRoutes.All"/> onto an ASP.NET Core host (the local host), plus the 404/405 fallback.</summary>
public static class EndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapBucketFunctionsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        foreach (var route in ApiRoutes.All)
        {
            Func<HttpContext, Task<IResult>> run = http => Pipeline(http).RunAsync(route, http.Request, RouteValues(route, http));
            routes.MapMethods(route.Template, [route.Method], run).WithName(route.Name);
        }

        Func<HttpContext, Task<IResult>> fallback = http => Pipeline(http).RunFallbackAsync(http.Request);
        // "{*path}", not MapFallback's default "{*path:nonfile}": a path with a dot (PUT /openapi.json) must get its 405 too.
        routes.MapFallback("{*path}", fallback);
        return routes;
    }

    private static ApiPipeline Pipeline(HttpContext http) => http.RequestServices.GetRequiredService<ApiPipeline>();

    private static string[] RouteValues(ApiRoute route, HttpContext http) =>
        route.RouteParameterNames.Select(n => http.Request.RouteValues[n] as string ?? string.Empty).ToArray();
}
