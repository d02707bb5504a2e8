using BucketFunctions.Api.Routing;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>
/// The local host serves exactly <see cref="ApiRoutes.All"/> plus the fallback; tests/BucketFunctions.App.Tests holds
/// the Functions app's built functions.metadata to the same table.
/// </summary>
public sealed class RouteTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

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
}
