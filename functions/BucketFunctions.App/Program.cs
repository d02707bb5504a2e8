using BucketFunctions.Api;
using BucketFunctions.App;
using BucketFunctions.Core;
using BucketFunctions.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The Functions host: the same registrations as the local host; each function is one line into the Api handlers.
var builder = FunctionsApplication.CreateBuilder(args);

// First: it installs the proxying middleware that executes a function's IResult, so middleware added after it runs
// inside and can hand it a result.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionProblemMiddleware>();

// host.json's log levels apply in the host only; the worker, where provider SDKs and HttpClient log, reads the same
// section so that one file keeps their chatter (and request bodies) out of the logs.
builder.Logging.AddConfiguration(new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: true)
    .Build()
    .GetSection("logging"));

builder.Services
    .AddBucketFunctionsCore(builder.Configuration)
    .AddBucketFunctionsInfrastructure(builder.Configuration)
    .AddBucketFunctionsApi(builder.Configuration);

builder.Build().Run();
