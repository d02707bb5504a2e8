using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.App.Tests.Support;

/// <summary>A route of the contract: what the local host maps, and what the app must have one function for.</summary>
public sealed record Operation(string Name, string Method, string Template);

/// <summary>
/// The two routing rules side by side. The Functions host (azure-functions-host 4.1037) sorts functions by name,
/// ordinal ignoring case (FunctionMetadataManager), maps one ASP.NET Core <see cref="Route"/> per HTTP function in that
/// order, with an <see cref="HttpMethodRouteConstraint"/>, into one <see cref="RouteCollection"/>
/// (WebScriptHostHttpRoutesManager, WebJobsRouteBuilder), and the first route that matches wins. The local host uses
/// endpoint routing: of the routes whose template and method fit, the most specific template wins (a literal segment
/// beats a parameter); none fits, the fallback answers.
/// </summary>
public static class HostRouting
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private const string FunctionToken = "function";

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();

    /// <summary>Every (method, path) whose function under the Functions host differs from the local host's choice.</summary>
    public static async Task<List<string>> MisroutesAsync(
        IReadOnlyList<HttpFunction> functions,
        IReadOnlyList<Operation> table,
        string fallback,
        string routePrefix,
        IEnumerable<string> paths)
    {
        var host = HostRoutes(functions, routePrefix);
        var misroutes = new List<string>();
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            foreach (var method in Methods)
            {
                var expected = LocalWinner(table, method, path)?.Name ?? fallback;
                var actual = await HostWinnerAsync(host, method, (routePrefix.Length > 0 ? routePrefix + "/" : string.Empty) + path);
                if (actual != expected)
                {
                    misroutes.Add($"{method} /{path} reaches {actual ?? "no function"}, not {expected}.");
                }
            }
        }

        return misroutes;
    }

    /// <summary>
    /// Paths that exercise every route and every overlap: each template with sample values, and each template with a
    /// parameter replaced by the literal another template of as many segments has there (bucket/{bucketId} also
    /// becomes bucket/validate, and would become bucket/available).
    /// </summary>
    public static IEnumerable<string> SamplePaths(IReadOnlyList<Operation> table)
    {
        var segmented = table.Select(o => o.Template.Split('/')).ToList();
        foreach (var segments in segmented)
        {
            yield return string.Join('/', segments.Select(s => IsParameter(s) ? "sample" : s));
            foreach (var other in segmented.Where(o => o.Length == segments.Length && o != segments))
            {
                yield return string.Join('/', segments.Zip(other, (mine, theirs) =>
                    !IsParameter(mine) ? mine : IsParameter(theirs) ? "sample" : theirs));
            }
        }
    }

    /// <summary>The local host's choice: the most specific template that fits, among the routes of the request's method.</summary>
    public static Operation? LocalWinner(IEnumerable<Operation> table, string method, string path) =>
        table.Where(o => string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && Fits(o.Template, path))
            .OrderBy(o => RoutePatternFactory.Parse(o.Template).InboundPrecedence)
            .FirstOrDefault();

    private static bool IsParameter(string segment) => segment.StartsWith('{');

    private static bool Fits(string template, string path) =>
        new TemplateMatcher(TemplateParser.Parse(template), []).TryMatch("/" + path, []);

    private static RouteCollection HostRoutes(IEnumerable<HttpFunction> functions, string routePrefix)
    {
        var resolver = Services.GetRequiredService<IInlineConstraintResolver>();
        var routes = new RouteCollection();
        foreach (var function in functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            var template = routePrefix.Length > 0 ? routePrefix + "/" + function.Route : function.Route;
            routes.Add(new Route(
                new RouteHandler(_ => Task.CompletedTask),
                function.Name,
                template,
                defaults: [],
                constraints: new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint([.. function.Methods]) },
                dataTokens: new RouteValueDictionary { [FunctionToken] = function.Name },
                resolver));
        }

        return routes;
    }

    private static async Task<string?> HostWinnerAsync(RouteCollection routes, string method, string path)
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        http.Request.Method = method;
        http.Request.Path = "/" + path;
        var context = new RouteContext(http);
        await routes.RouteAsync(context);
        return context.Handler is null ? null : (string?)context.RouteData.DataTokens[FunctionToken];
    }
}
