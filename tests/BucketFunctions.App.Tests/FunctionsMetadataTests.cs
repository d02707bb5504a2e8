using BucketFunctions.App.Functions;
using System.Text.Json;
using System.Text.RegularExpressions;
using BucketFunctions.Api.Routing;
using BucketFunctions.App.Tests.Support;
using BucketFunctions.Emulators;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.App.Tests;

/// <summary>
/// The functions.metadata the Worker Sdk generated for the built app: one anonymous HTTP function per route of the Api
/// route table (same name, template and method), one catch-all, and the credential-sweep timer on its setting.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    private const string SweepScheduleSetting = "Vault:Sweep:Schedule";

    private static readonly string[] ReservedPrefixes = ["admin", "runtime"];

    [Fact]
    public void Every_route_has_its_function_and_every_function_its_route()
    {
        var functions = BuiltApp.HttpFunctions.Where(f => !IsCatchAll(f.Route))
            .Select(f => $"{f.Name}: {string.Join(",", f.Methods)} {f.Route}").ToHashSet();
        var routes = ApiRoutes.All.Select(r => $"{r.Name}: {r.Method} {r.Template}").ToHashSet();

        var unserved = routes.Except(functions).Select(r => $"route without its function: {r}");
        var strays = functions.Except(routes).Select(f => $"function without its route: {f}");
        var problems = unserved.Concat(strays).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void One_catch_all_takes_every_method()
    {
        var catchAll = Assert.Single(BuiltApp.HttpFunctions, f => IsCatchAll(f.Route));
        Assert.Equal(HostRouting.Methods.Order(), catchAll.Methods.Order());
    }

    [Fact]
    public void Every_http_function_is_anonymous_at_the_host()
    {
        // Authentication is the Api pipeline's (bearer tokens, the operator key); a function key would stand in its way.
        Assert.NotEmpty(BuiltApp.HttpFunctions);
        Assert.All(BuiltApp.HttpFunctions, f => Assert.Equal("Anonymous", f.AuthLevel));
    }

    [Fact]
    public void Function_names_are_ones_the_host_accepts_and_distinct_ignoring_case()
    {
        // The host's own check (WebJobs.Script Utility.FunctionNameValidationRegex); a name it refuses is not loaded.
        Assert.All(BuiltApp.FunctionNames, name => Assert.Matches(HostFunctionName(), name));
        Assert.Equal(BuiltApp.FunctionNames.Count, BuiltApp.FunctionNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void No_route_starts_with_a_prefix_the_host_reserves()
    {
        // The host serves its own admin and runtime APIs there; a function route under them fails to register.
        var reserved = BuiltApp.HttpFunctions
            .Where(f => ReservedPrefixes.Any(p => f.Route.TrimStart('/').StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Select(f => $"{f.Name}: {f.Route}").ToList();
        Assert.True(reserved.Count == 0, string.Join(Environment.NewLine, reserved));
    }

    [Fact]
    public void The_credential_sweep_runs_on_the_schedule_setting_that_is_deployed()
    {
        Assert.Equal(2, BuiltApp.TimerFunctions.Count);
        var timer = Assert.Single(BuiltApp.TimerFunctions, t => t.Name == "CredentialSweep");
        Assert.Equal($"%{SweepScheduleSetting}%", timer.Schedule);

        // The host resolves %...% from its configuration (infra/app/api.bicep sets it; the Deployment tests hold the
        // sample and the deployment to the same names): the sample gives it a six-field NCRONTAB, seconds first.
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var appSetting = SweepScheduleSetting.Replace(":", "__", StringComparison.Ordinal);
        var schedule = sample.RootElement.GetProperty("Values").GetProperty(appSetting).GetString()!;
        Assert.Equal(6, schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void The_bucket_re_check_fires_every_minute_and_leaves_the_interval_to_Health_CheckInterval()
    {
        // No schedule setting to keep in step with Health:CheckInterval: the service starts a pass only when a new
        // interval has begun, so the timer only has to fire often.
        var timer = Assert.Single(BuiltApp.TimerFunctions, t => t.Name == "BucketHealthCheck");
        Assert.Equal(BucketHealthCheckFunction.Schedule, timer.Schedule);
        Assert.Equal("0 * * * * *", timer.Schedule);
    }

    /// <summary>A route that is one catch-all parameter (<c>{*path}</c>): the 404/405 fallback, which no table lists.</summary>
    internal static bool IsCatchAll(string route) => CatchAll().IsMatch(route);

    [GeneratedRegex(@"^\{\*\w+\}$")]
    private static partial Regex CatchAll();

    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostFunctionName();
}
