using BucketFunctions.Api.Routing;
using BucketFunctions.Hosting;
using BucketFunctions.Infrastructure;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Local;

// The local host: the same handlers and routes as the Functions app, on Kestrel (http://127.0.0.1:7071 by default).
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
builder.Services.AddBucketFunctions(builder.Configuration).AddCredentialSweepBackgroundService().AddScheduledCheckBackgroundService();

var app = builder.Build();
app.MapBucketFunctionsApi();
app.Run();

/// <summary>Entry point type, visible to the in-process test host.</summary>
public partial class Program;
