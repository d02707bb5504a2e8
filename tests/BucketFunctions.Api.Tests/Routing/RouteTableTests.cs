using System.Text.RegularExpressions;
using BucketFunctions.Api.Routing;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>
/// Both hosts serve exactly <see cref="ApiRoutes.All"/>. The Functions app cannot be built here (its packages are
/// missing), so its triggers are read from source: method, template, route-parameter names, and the route each one runs.
/// </summary>
public sealed partial class RouteTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

    [Fact]
    public void The_functions_app_declares_exactly_the_api_route_table()
    {
        var templates = typeof(ApiRoutes).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var declared = FunctionSources().SelectMany(source => Function().Matches(source)).Select(m => new
        {
            Name = m.Groups["name"].Value,
            Method = m.Groups["method"].Value.ToUpperInvariant(),
            Template = templates[m.Groups["template"].Value],
            Parameters = Parameter().Matches(m.Groups["parameters"].Value).Select(p => p.Groups["name"].Value).ToList(),
            Runs = m.Groups["route"].Value,
            Arguments = m.Groups["arguments"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
        }).ToList();

        Assert.Equal(ApiRoutes.All.Select(r => r.Name).Order(), declared.Select(d => d.Name).Order());
        foreach (var function in declared)
        {
            var route = ApiRoutes.ByName(function.Name);
            Assert.Equal((route.Method, route.Template), (function.Method, function.Template));
            Assert.Equal(route.Name, function.Runs);
            Assert.Equal(route.RouteParameterNames, function.Parameters);
            Assert.Equal(route.RouteParameterNames, function.Arguments);
        }
    }

    [Fact]
    public void The_functions_app_has_one_catch_all_that_answers_404_and_405_through_the_pipeline()
    {
        var catchAll = FunctionSources().SelectMany(source => CatchAll().Matches(source)).ToList();

        Assert.Single(catchAll);
        Assert.Contains("RunFallbackAsync(request)", catchAll[0].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_serves_exactly_the_api_route_table_plus_the_fallback()
    {
        await using var factory = new ApiFactory(azurite.Azurite);
        _ = factory.Server;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var served = endpoints.Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (method, e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();
        Assert.Equal(ApiRoutes.All.Select(r => (r.Method, r.Template)).Order(), served.Order());
        Assert.Single(endpoints, e => e.Metadata.GetMetadata<HttpMethodMetadata>() is null);
    }

    [Fact]
    public void No_route_starts_with_a_prefix_the_functions_host_reserves_and_none_is_declared_twice()
    {
        Assert.All(ApiRoutes.All, r => Assert.DoesNotContain(ReservedPrefixes, p => r.Template.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => (r.Method, r.Template)).Distinct().Count());
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [InlineData("bucket/{bucketId}", "bucket/0f8fad5b-d9cb-469f-a165-70867728950e", true)]
    [InlineData("bucket/{bucketId}", "BUCKET/x", true)]
    [InlineData("bucket/{bucketId}", "bucket", false)]
    [InlineData("bucket/{bucketId}", "bucket/x/y", false)]
    [InlineData("bucket/{bucketId}", "bucket/", false)]
    [InlineData("manage/organizations", "manage/organisations", false)]
    public void The_fallback_matches_paths_to_templates_as_the_hosts_route_them(string template, string path, bool matches) =>
        Assert.Equal(matches, RouteFallback.Matches(template, path));

    private static IEnumerable<string> FunctionSources() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "functions", "BucketFunctions.App"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);

    [GeneratedRegex(
        @"\[Function\(""(?<name>\w+)""\)\]\s*public Task<IResult> \w+\(\s*\[HttpTrigger\(AuthorizationLevel\.Anonymous,\s*""(?<method>\w+)"",\s*Route = ApiRoutes\.(?<template>\w+)\)\] HttpRequest request(?<parameters>[^)]*)\)\s*=>\s*api\.RunAsync\(ApiRoutes\.(?<route>\w+), request,?(?<arguments>[^)]*)\);")]
    private static partial Regex Function();

    [GeneratedRegex(@"string (?<name>\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"Route = ""\{\*path\}""\)\] HttpRequest request\)\s*=>\s*[^;]+;")]
    private static partial Regex CatchAll();
}
