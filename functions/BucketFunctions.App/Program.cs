using BucketFunctions.Api;
using BucketFunctions.App;
using BucketFunctions.Core;
using BucketFunctions.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host: the same registrations as the local host; each function is one line into the Api handlers.
var builder = FunctionsApplication.CreateBuilder(args);

// First: it installs the proxying middleware that executes a function's IResult, so middleware added after it runs
// inside and can hand it a result.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionProblemMiddleware>();

builder.Services
    .AddBucketFunctionsCore(builder.Configuration)
    .AddBucketFunctionsInfrastructure(builder.Configuration)
    .AddBucketFunctionsApi(builder.Configuration);

builder.Build().Run();
