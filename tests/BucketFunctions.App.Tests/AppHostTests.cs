using System.Collections.Concurrent;
using System.Reflection;
using BucketFunctions.Api.Routing;
using BucketFunctions.App.Functions;
using BucketFunctions.Hosting;
using BucketFunctions.Testing.Emulators;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.App.Tests;

/// <summary>
/// The worker's own host (<see cref="AppHost"/>) builds with build-time and scope validation on, validates its options
/// as it would at start, and constructs every function class and the exception middleware; each HTTP function runs the
/// Api route of its own name. Settings come in as command-line arguments, one of the sources the app reads.
/// </summary>
public sealed class AppHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Type[] FunctionClasses = typeof(AppHost).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null)).ToArray();

    [Fact]
    public void The_host_builds_validated_and_every_function_class_and_the_middleware_resolve()
    {
        using var host = Build(out _);
        host.Services.GetRequiredService<IStartupValidator>().Validate();

        using var scope = host.Services.CreateScope();
        Assert.Equal(6, FunctionClasses.Length);
        Assert.All(FunctionClasses, type => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ExceptionProblemMiddleware>());
    }

    [Fact]
    public void The_host_has_every_registration_the_local_host_shares()
    {
        var builder = AppHost.CreateBuilder(Arguments());
        var shared = new ServiceCollection().AddBucketFunctions(new ConfigurationBuilder().AddCommandLine(Arguments()).Build());

        var missing = shared.Select(Key).Except(builder.Services.Select(Key)).ToList();
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public async Task Each_http_function_runs_the_route_of_its_own_name()
    {
        using var host = Build(out var log);
        var functions = FunctionClasses.SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<FunctionAttribute>()?.Name))
            .Where(f => f.Name is not null && f.Method.GetParameters().Any(p => p.ParameterType == typeof(HttpRequest)))
            .ToList();
        Assert.Equal(ApiRoutes.All.Count + 1, functions.Count);

        foreach (var (method, name) in functions)
        {
            var route = name == FallbackFunction.Name ? null : ApiRoutes.ByName(name!);
            var routeValues = method.GetParameters().Where(p => p.ParameterType == typeof(string)).Select(p => p.Name!).ToList();
            Assert.Equal(route?.RouteParameterNames ?? [], routeValues); // the worker binds route values by parameter name

            using var scope = host.Services.CreateScope();
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Method = route?.Method ?? "GET";
            http.Request.Path = "/" + (route?.Template ?? "nope");
            var function = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
            object?[] arguments = [http.Request, .. routeValues.Select(v => "sample-" + v)];
            log.Clear();

            await (Task<IResult>)method.Invoke(function, arguments)!;

            // Every answer of the pipeline is logged once with its operation: the route's name, or Fallback.
            var operation = Assert.Single(log, entry => entry.ContainsKey("Status"))["Operation"];
            Assert.Equal(route?.Name ?? "Fallback", operation);
        }
    }

    private IHost Build(out ConcurrentQueue<IReadOnlyDictionary<string, object?>> log)
    {
        var builder = AppHost.CreateBuilder(Arguments());
        var validated = new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true };
        builder.ConfigureContainer(new DefaultServiceProviderFactory(validated));
        var capture = new LogCapture();
        builder.Logging.AddProvider(capture);
        log = capture.Entries;
        return builder.Build();
    }

    private static string Key(ServiceDescriptor d) => $"{d.Lifetime} {d.ServiceType} {d.ServiceKey}";

    private string[] Arguments()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = azurite.Azurite.ConnectionString,
            ["Storage:TenantsTable"] = "tenants" + suffix,
            ["Storage:TokensTable"] = "tokens" + suffix,
            ["Vault:Mode"] = "Envelope",
            ["Vault:Envelope:Table"] = "credentials" + suffix,
            ["Vault:Envelope:ActiveKeyId"] = "test",
            ["Vault:Envelope:Keys:test"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["Admin:Key"] = "test-admin-key-0123456789abcdef",
            ["Idempotency:FingerprintKey"] = Convert.ToBase64String(Enumerable.Range(33, 32).Select(i => (byte)i).ToArray()),
        };
        return settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
    }

    /// <summary>The structured state of every log entry: the pipeline's one line per answer carries Operation and Status.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<IReadOnlyDictionary<string, object?>> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    entries.Enqueue(pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
                }
            }
        }
    }
}
