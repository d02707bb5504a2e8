using BucketFunctions.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host: the same registrations as the local host; each function is one line into the Api pipeline.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddBucketFunctions(builder.Configuration);

builder.Build().Run();
