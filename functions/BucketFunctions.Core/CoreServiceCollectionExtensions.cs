using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Health;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Core;

/// <summary>Registers the domain services and binds the domain's settings, validated at start.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddBucketFunctionsCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Options whose bounds are their data annotations, checked when the host starts.
        void Validated<T>(string section) where T : class =>
            services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        Validated<QuotaOptions>(QuotaOptions.SectionName);
        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.SectionName))
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero && o.ProbeTimeout <= TimeSpan.FromMinutes(2), "Endpoints:ProbeTimeout must be between 0 and 2 minutes.")
            .ValidateOnStart();
        Validated<IdempotencyOptions>(IdempotencyOptions.SectionName);
        Validated<CredentialSweepOptions>(CredentialSweepOptions.SectionName);
        Validated<HealthCheckOptions>(HealthCheckOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CheckerIdentity.From(sp.GetRequiredService<IOptions<HealthCheckOptions>>().Value));
        services.AddSingleton<BucketHealthService>();
        services.AddSingleton<ScheduledCheckService>();
        services.AddSingleton(sp => new BucketRegistrationValidator(
            sp.GetRequiredService<IOptions<EndpointOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ProviderKeyValidator(
            sp.GetRequiredService<IOptions<EndpointOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BucketAccess>();
        services.AddSingleton<ProviderKeyAccess>();
        services.AddSingleton<BucketBodyCheck>();
        services.AddSingleton<ProviderKeyService>();
        services.AddSingleton<BucketRegistrationService>();
        services.AddSingleton<BucketUpdateService>();
        services.AddSingleton<BucketDeletionService>();
        services.AddSingleton<Provisioning.StoredBucketAtProvider>();
        services.AddSingleton<BucketValidationService>();
        services.AddSingleton<QuotaService>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<IHealthCheck, CredentialVaultHealthCheck>();
        services.AddSingleton<OrganizationAdminService>();
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<CredentialSweepService>();
        services.AddSingleton<CredentialReencryptionService>();
        return services;
    }
}
