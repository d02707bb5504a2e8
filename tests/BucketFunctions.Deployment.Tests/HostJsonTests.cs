using System.Globalization;
using System.Text.Json;
using BucketFunctions.Core.Probing;
using BucketFunctions.Deployment.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Deployment.Tests;

/// <summary>host.json: no route prefix, a timeout above the provider check's bound, and log levels that keep SDK chatter out.</summary>
public sealed class HostJsonTests
{
    // CoreServiceCollectionExtensions refuses an Endpoints:ProbeTimeout above this.
    private static readonly TimeSpan ProbeTimeoutMaximum = TimeSpan.FromMinutes(2);

    // The Functions front end ends any HTTP request at 230 s, whatever functionTimeout says.
    private static readonly TimeSpan HttpRequestLimit = TimeSpan.FromSeconds(230);

    [Fact]
    public void The_route_prefix_is_empty()
    {
        using var json = Repo.Json(Repo.HostJson);
        Assert.Equal(string.Empty, json.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void The_function_timeout_is_above_the_longest_provider_check_and_within_the_http_limit()
    {
        using var json = Repo.Json(Repo.HostJson);
        var timeout = TimeSpan.Parse(json.RootElement.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.True(timeout > new EndpointOptions().ProbeTimeout);
        Assert.True(timeout > ProbeTimeoutMaximum,
            $"functionTimeout {timeout} must exceed the largest Endpoints:ProbeTimeout allowed ({ProbeTimeoutMaximum}).");
        Assert.True(timeout <= HttpRequestLimit, $"functionTimeout {timeout} past the 230 s HTTP limit buys nothing.");
    }

    [Fact]
    public void Sampling_is_on_and_keeps_every_request_and_exception()
    {
        using var json = Repo.Json(Repo.HostJson);
        var sampling = json.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings");
        Assert.True(sampling.GetProperty("isEnabled").GetBoolean());
        Assert.Equal(["Exception", "Request"], sampling.GetProperty("excludedTypes").GetString()!.Split(';').Order());
    }

    [Theory]
    [InlineData("AWSSDK")]
    [InlineData("Amazon.S3.AmazonS3Client")]
    [InlineData("Azure.Core")]
    [InlineData("Azure.Identity")]
    [InlineData("Google.Apis.Http.ConfigurableMessageHandler")]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    public void Provider_sdk_and_http_client_chatter_stays_out_but_their_warnings_get_in(string category)
    {
        // The worker applies host.json's "logging" section the same way (functions/BucketFunctions.App/AppHost.cs).
        using var loggers = LoggersFromHostJson();
        var logger = loggers.CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void Request_body_logging_is_off_and_the_app_still_logs_its_requests()
    {
        using var loggers = LoggersFromHostJson();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware").IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("BucketFunctions.Api.Http.ApiPipeline").IsEnabled(LogLevel.Information));
    }

    private static ServiceProvider LoggersFromHostJson()
    {
        var hostJson = new ConfigurationBuilder().AddJsonFile(Repo.PathOf(Repo.HostJson), optional: false).Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(hostJson.GetSection("logging")).AddProvider(new EverythingProvider()))
            .BuildServiceProvider();
    }

    /// <summary>A provider that would write every level, so only host.json's filter rules decide.</summary>
    private sealed class EverythingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new EverythingLogger();

        public void Dispose()
        {
        }

        private sealed class EverythingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}

internal static class ServiceProviderLoggerExtensions
{
    public static ILogger CreateLogger(this ServiceProvider services, string category) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
}
