using System.Reflection;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Routing;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>
/// Both hosts serve exactly <see cref="ApiRoutes.All"/>. The Functions app cannot be built here (its packages are
/// missing), so its triggers are read from source.
/// </summary>
public sealed partial class RouteTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly HashSet<(string, string)> Expected = ApiRoutes.All.Select(r => (r.Method, r.Template)).ToHashSet();

    [Fact]
    public void The_functions_app_declares_exactly_the_api_route_table()
    {
        var constants = typeof(ApiRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "functions", "BucketFunctions.App"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var declared = sources.SelectMany(p => Trigger().Matches(File.ReadAllText(p)))
            .Select(m => (m.Groups["method"].Value.ToUpperInvariant(), constants[m.Groups["route"].Value]))
            .ToList();

        Assert.Equal(declared.Count, declared.Distinct().Count());
        Assert.Equal(Expected.Order(), declared.Order());
    }

    [Fact]
    public async Task The_local_host_serves_exactly_the_api_route_table()
    {
        await using var factory = new ApiFactory(azurite.Azurite);
        _ = factory.Server;
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var served = endpoints.SelectMany(e => e.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().Single().HttpMethods
            .Select(method => (method, e.RoutePattern.RawText!.TrimStart('/')))).ToList();

        Assert.Equal(Expected.Order(), served.Order());
    }

    [GeneratedRegex(@"HttpTrigger\(AuthorizationLevel\.Anonymous,\s*""(?<method>\w+)"",\s*Route\s*=\s*ApiRoutes\.(?<route>\w+)\)")]
    private static partial Regex Trigger();
}
