using System.Reflection;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Routing;
using BucketFunctions.Deployment.Tests.Support;

namespace BucketFunctions.Deployment.Tests;

/// <summary>
/// Every HTTP function's route is in the Api route table, and no route starts with a prefix the Functions host
/// reserves (a function whose route does fails to register). The App is not built here, so its triggers are read from
/// source; the Api tests keep the two tables identical.
/// </summary>
public sealed partial class FunctionRoutesTests
{
    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

    private static readonly Dictionary<string, string> RouteConstants = typeof(ApiRoutes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Every_function_route_is_in_the_api_route_table()
    {
        var triggers = Triggers();
        Assert.NotEmpty(triggers);

        var table = ApiRoutes.All.Select(r => (r.Method, r.Template)).ToHashSet();
        var strays = triggers.Where(t => !IsCatchAll(t.Route) && !table.Contains((t.Method, t.Route)))
            .Select(t => $"{t.File}: {t.Method} {t.Route} is not in BucketFunctions.Api.Routing.ApiRoutes.All.").ToList();

        Assert.True(strays.Count == 0, string.Join(Environment.NewLine, strays));
    }

    [Fact]
    public void No_route_starts_with_a_prefix_the_functions_host_reserves()
    {
        var routes = ApiRoutes.All.Select(r => (File: "ApiRoutes.All", r.Method, Route: r.Template)).Concat(Triggers()).ToList();
        var reserved = routes
            .Where(r => ReservedPrefixes.Any(p => r.Route.TrimStart('/').StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(r => $"{r.File}: {r.Method} {r.Route} starts with a prefix the Functions host reserves "
                + $"({string.Join(", ", ReservedPrefixes)}).")
            .Distinct().ToList();

        Assert.True(reserved.Count == 0, string.Join(Environment.NewLine, reserved));
    }

    /// <summary>A route that is one catch-all parameter (<c>{*path}</c>): the 404/405 fallback, which no table lists.</summary>
    private static bool IsCatchAll(string route) => CatchAll().IsMatch(route);

    private static List<(string File, string Method, string Route)> Triggers() =>
        Repo.Sources(Repo.FunctionsApp, "*.cs")
            .SelectMany(path => Trigger().Matches(File.ReadAllText(path)).SelectMany(m => m.Groups["method"].Captures.Select(method => (
                File: Repo.Relative(path),
                Method: method.Value.ToUpperInvariant(),
                Route: m.Groups["constant"].Success ? Constant(m.Groups["constant"].Value) : m.Groups["literal"].Value))))
            .ToList();

    private static string Constant(string name) => RouteConstants.TryGetValue(name, out var route) ? route : $"<unknown ApiRoutes.{name}>";

    [GeneratedRegex(
        @"HttpTrigger\(\s*AuthorizationLevel\.\w+\s*,(?:\s*""(?<method>\w+)""\s*,)+"
        + @"\s*Route\s*=\s*(?:ApiRoutes\.(?<constant>\w+)|""(?<literal>[^""]*)"")\s*\)")]
    private static partial Regex Trigger();

    [GeneratedRegex(@"^\{\*\w+\}$")]
    private static partial Regex CatchAll();
}
