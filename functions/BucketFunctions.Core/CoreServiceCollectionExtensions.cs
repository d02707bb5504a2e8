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
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.SectionName))
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero && o.ProbeTimeout <= TimeSpan.FromMinutes(2), "Endpoints:ProbeTimeout must be between 0 and 2 minutes.")
            .ValidateOnStart();
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CredentialSweepOptions>().Bind(configuration.GetSection(CredentialSweepOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthCheckOptions>().Bind(configuration.GetSection(HealthCheckOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
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
