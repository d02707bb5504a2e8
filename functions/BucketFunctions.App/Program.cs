using BucketFunctions.App;
using Microsoft.Extensions.Hosting;

AppHost.CreateBuilder(args).Build().Run();
