using BucketFunctions.Api.Http;
using BucketFunctions.Core.Results;
using Microsoft.AspNetCore.Http;

namespace BucketFunctions.Api.Routing;

/// <summary>
/// The answer for a request no route takes, the same in both hosts: 405 with an <c>Allow</c> header when some route
/// has this path with other methods, otherwise 404. Both are problem responses.
/// </summary>
internal static class RouteFallback
{
    public static ApiResponse Answer(HttpRequest request, RequestContext context)
    {
        var path = request.Path.Value?.Trim('/') ?? string.Empty;
        var allowed = ApiRoutes.All.Where(r => Matches(r.Template, path)).Select(r => r.Method).Distinct().ToList();
        if (allowed.Count == 0)
        {
            return context.Fail(Failure.NotFound("No route has this path; see /openapi.json for the routes this API serves."));
        }

        var allow = string.Join(", ", allowed);
        return context.Fail(
            new Failure(FailureKind.MethodNotAllowed, "Method not allowed", $"This path takes {allow}, not {request.Method}."),
            new Dictionary<string, string> { ["Allow"] = allow });
    }

    /// <summary>
    /// The route that takes a request, as both hosts choose it: of the routes of its method that fit the path, the most
    /// specific (a literal segment beats a parameter: <c>bucket/available</c> over <c>bucket/{bucketId}</c>).
    /// </summary>
    internal static ApiRoute? Route(string method, string path) =>
        ApiRoutes.All.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && Matches(r.Template, path))
            .OrderBy(r => r.RouteParameterNames.Count).FirstOrDefault();

    /// <summary>Literal segments compare case-insensitively, as the hosts' routing does; a <c>{parameter}</c> takes one non-empty segment.</summary>
    internal static bool Matches(string template, string path)
    {
        var expected = template.Split('/');
        var actual = path.Split('/');
        return expected.Length == actual.Length && expected.Zip(actual).All(p =>
            p.Second.Length > 0 && (p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)));
    }
}
