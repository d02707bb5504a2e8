using BucketFunctions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.App;

/// <summary>
/// The worker's host: the same registrations as the local host; each function is one line into the Api pipeline.
/// Program runs it; tests/BucketFunctions.App.Tests builds it with scope and build-time validation on.
/// </summary>
public static class AppHost
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();          // must come first: it installs the proxy that runs each IResult
        builder.UseMiddleware<ExceptionProblemMiddleware>(); // an exception that escapes a handler becomes the 500 problem

        // host.json's log levels apply only in the host process; the worker reads the same section so SDK chatter stays out.
        builder.Logging.AddConfiguration(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: true).Build().GetSection("logging"));
        builder.Services.AddBucketFunctions(builder.Configuration);
        return builder;
    }
}
