using BucketFunctions.Api;
using BucketFunctions.Core;
using BucketFunctions.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host: the same registrations as the local host; each function is one line into the Api handlers.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddBucketFunctionsCore(builder.Configuration)
    .AddBucketFunctionsInfrastructure(builder.Configuration)
    .AddBucketFunctionsApi(builder.Configuration);

builder.Build().Run();
