using BucketFunctions.Api.Admin;
using BucketFunctions.Api.Auth;
using BucketFunctions.Api.Buckets;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.Quota;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api;

/// <summary>Registers the HTTP surface: authentication, the request pipeline and one handler per route group.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddBucketFunctionsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<CreateBucketHandler>();
        services.AddSingleton<GetQuotaHandler>();
        services.AddSingleton<OrganizationAdminHandlers>();
        return services;
    }
}
