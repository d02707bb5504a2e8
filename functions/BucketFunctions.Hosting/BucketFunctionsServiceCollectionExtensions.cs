using BucketFunctions.Api;
using BucketFunctions.Core;
using BucketFunctions.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Hosting;

/// <summary>Everything either host needs, registered in one call: the domain, its adapters and the HTTP surface.</summary>
public static class BucketFunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddBucketFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddBucketFunctionsCore(configuration)
            .AddBucketFunctionsInfrastructure(configuration)
            .AddBucketFunctionsApi(configuration);
}
