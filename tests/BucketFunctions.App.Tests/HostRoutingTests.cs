using BucketFunctions.Api.Routing;
using BucketFunctions.App.Functions;
using BucketFunctions.App.Tests.Support;

namespace BucketFunctions.App.Tests;

/// <summary>
/// Under the Functions host's routing rule (functions in name order, first fit wins; see <see cref="HostRouting"/>),
/// the built app's functions.metadata sends every request where the local host sends it: each contract operation to
/// its own function, also on paths where one route's literal overlaps another's parameter, and anything else to the
/// catch-all (404/405).
/// </summary>
public sealed class HostRoutingTests
{
    // Paths no route has, or has with another method: the catch-all must take them.
    private static readonly string[] UnknownPaths =
        ["", "nope", "bucket/sample/validate/extra", "manage", "manage/organizations/sample/tokens/sample/extra", "openapi.json/extra"];

    private static readonly IReadOnlyList<Operation> Table =
        ApiRoutes.All.Select(r => new Operation(r.Name, r.Method, r.Template)).ToList();

    [Fact]
    public async Task Every_request_reaches_the_function_the_local_host_would_run()
    {
        var misroutes = await MisroutesAsync(BuiltApp.HttpFunctions, Table);
        Assert.True(misroutes.Count == 0, string.Join(Environment.NewLine, misroutes));
    }

    [Fact]
    public void The_sample_paths_hit_every_operation_and_the_overlaps()
    {
        // What the check above walks: every operation by its own template, and a literal where a parameter also fits.
        var paths = HostRouting.SamplePaths(Table).ToList();
        Assert.All(Table, o => Assert.Contains(paths, p => HostRouting.LocalWinner(Table, o.Method, p) == o));
        Assert.Contains("bucket/validate", paths);
        Assert.Equal(ApiRoutes.GetBucket.Name, HostRouting.LocalWinner(Table, "GET", "bucket/validate")?.Name);
        Assert.Equal(ApiRoutes.ValidateNewBucket.Name, HostRouting.LocalWinner(Table, "POST", "bucket/validate")?.Name);
        Assert.Contains("bucket/available", paths);
        Assert.Equal(ApiRoutes.GetAvailableBuckets.Name, HostRouting.LocalWinner(Table, "GET", "bucket/available")?.Name);
    }

    [Theory]
    [InlineData("ListAvailableBuckets", true)] // sorts after GetBucket: GET /bucket/available would run GetBucket
    [InlineData("GetAvailableBuckets", false)] // sorts before it: the literal route wins, as in the local host
    public async Task A_literal_route_that_sorts_after_an_overlapping_parameter_route_fails_the_check(string name, bool misrouted)
    {
        // GET /bucket/available against GET /bucket/{bucketId}, its function renamed in the built app and the table.
        var available = ApiRoutes.GetAvailableBuckets.Name;
        var functions = BuiltApp.HttpFunctions.Select(f => f.Name == available ? f with { Name = name } : f).ToList();
        var table = Table.Select(o => o.Name == available ? o with { Name = name } : o).ToList();

        var misroutes = await MisroutesAsync(functions, table);

        Assert.Equal(misrouted, misroutes.Contains($"GET /bucket/available reaches {ApiRoutes.GetBucket.Name}, not {name}."));
    }

    [Fact]
    public async Task A_catch_all_that_does_not_sort_last_fails_the_check()
    {
        // The app as it was: "Fallback" sorts before GetHealth, IssueToken, ListBuckets and the rest, and takes their requests.
        var functions = BuiltApp.HttpFunctions.Select(f => f.Name == FallbackFunction.Name ? f with { Name = "Fallback" } : f).ToList();

        var misroutes = await HostRouting.MisroutesAsync(
            functions, Table, "Fallback", BuiltApp.RoutePrefix, HostRouting.SamplePaths(Table).Concat(UnknownPaths));

        Assert.Contains($"GET /health reaches Fallback, not {ApiRoutes.GetHealth.Name}.", misroutes);
        Assert.Contains($"POST /manage/organizations/sample/tokens reaches Fallback, not {ApiRoutes.IssueToken.Name}.", misroutes);
    }

    private static Task<List<string>> MisroutesAsync(IReadOnlyList<HttpFunction> functions, IReadOnlyList<Operation> table)
    {
        var catchAll = Assert.Single(functions, f => FunctionsMetadataTests.IsCatchAll(f.Route));
        return HostRouting.MisroutesAsync(
            functions, table, catchAll.Name, BuiltApp.RoutePrefix, HostRouting.SamplePaths(table).Concat(UnknownPaths));
    }
}
