using BucketFunctions.Api.Admin;
using BucketFunctions.Api.Auth;
using BucketFunctions.Api.Buckets;
using BucketFunctions.Api.Health;
using BucketFunctions.Api.Http;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Api.ProviderKeys;
using BucketFunctions.Api.Quota;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api;

/// <summary>Registers the HTTP surface: authentication, the request pipeline and the handlers the route table names.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddBucketFunctionsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<BucketHandlers>();
        services.AddSingleton<BucketHealthHandlers>();
        services.AddSingleton<ProviderKeyHandlers>();
        services.AddSingleton<QuotaHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<OpenApiHandler>();
        services.AddSingleton<OrganizationAdminHandlers>();
        services.AddSingleton<CredentialAdminHandlers>();
        return services;
    }
}
