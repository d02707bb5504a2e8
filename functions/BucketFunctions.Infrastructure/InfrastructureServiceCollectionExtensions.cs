using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Health;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.Health;
using BucketFunctions.Infrastructure.Idempotency;
using BucketFunctions.Infrastructure.Monitoring;
using BucketFunctions.Infrastructure.Organizations;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Infrastructure.Probing.AzureBlob;
using BucketFunctions.Infrastructure.Probing.Gcs;
using BucketFunctions.Infrastructure.Probing.S3;
using BucketFunctions.Infrastructure.ProviderKeys;
using BucketFunctions.Infrastructure.Provisioning;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure;

/// <summary>Registers the adapters behind Core's ports: Table Storage stores, the credential vault and the storage probe.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    // Service keys of the four tables' clients.
    private const string TenantsTable = "tenants";
    private const string TokensTable = "tokens";
    private const string CredentialsTable = "credentials";
    private const string HealthTable = "health";

    public static IServiceCollection AddBucketFunctionsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TableStorageOptions>, TableStorageOptionsValidator>();
        services.AddOptions<VaultOptions>().Bind(configuration.GetSection(VaultOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VaultOptions>, EnvelopeOptionsValidator>();
        services.AddSingleton<IValidateOptions<VaultOptions>, KeyVaultOptionsValidator>();
        services.AddSingleton<IValidateOptions<IdempotencyOptions>, IdempotencyFingerprintOptionsValidator>();

        // One service client (one pipeline, one credential); each table's client is made from it once.
        services.AddSingleton(sp => TableClients.CreateService(sp.GetRequiredService<IOptions<TableStorageOptions>>().Value));
        services.AddKeyedSingleton(TenantsTable, (sp, _) => Table(sp, Storage(sp).TenantsTable));
        services.AddKeyedSingleton(TokensTable, (sp, _) => Table(sp, Storage(sp).TokensTable));
        services.AddKeyedSingleton(HealthTable, (sp, _) => Table(sp, Storage(sp).HealthTable));
        services.AddKeyedSingleton(CredentialsTable, (sp, _) =>
            Table(sp, sp.GetRequiredService<IOptions<VaultOptions>>().Value.Envelope.Table));
        services.AddHostedService(sp => new TableStorageInitializer(
            [
                sp.GetRequiredKeyedService<TableClient>(TenantsTable),
                sp.GetRequiredKeyedService<TableClient>(TokensTable),
                sp.GetRequiredKeyedService<TableClient>(CredentialsTable),
                sp.GetRequiredKeyedService<TableClient>(HealthTable),
            ],
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TableStorageInitializer>>()));

        services.AddSingleton<IBucketStore>(sp => new TableBucketStore(
            sp.GetRequiredKeyedService<TableClient>(TenantsTable), sp.GetRequiredService<IOptions<QuotaOptions>>()));
        services.AddSingleton<IIdempotencyStore>(sp => new TableIdempotencyStore(
            sp.GetRequiredKeyedService<TableClient>(TenantsTable), sp.GetRequiredService<IOptions<IdempotencyOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IdempotencyFingerprint>()));
        services.AddSingleton<IOrganizationStore>(sp => new TableOrganizationStore(sp.GetRequiredKeyedService<TableClient>(TenantsTable)));
        services.AddSingleton<IProviderKeyStore>(sp => new TableProviderKeyStore(sp.GetRequiredKeyedService<TableClient>(TenantsTable)));
        services.AddSingleton<IBucketHealthStore>(sp => new TableBucketHealthStore(
            sp.GetRequiredKeyedService<TableClient>(HealthTable), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITokenStore>(sp => new TableTokenStore(sp.GetRequiredKeyedService<TableClient>(TokensTable)));
        services.AddCredentialVault(CredentialsTable);
        services.AddSingleton<IHealthCheck>(sp => new TableHealthCheck("tableStorage", sp.GetRequiredKeyedService<TableClient>(TenantsTable)));
        AddStorageProbe(services);
        return services;
    }

    /// <summary>The scheduled re-check of every bucket as a background service, for a long-running host (the local one).</summary>
    public static IServiceCollection AddScheduledCheckBackgroundService(this IServiceCollection services) =>
        services.AddHostedService<ScheduledCheckHostedService>();

    /// <summary>
    /// The credential check: one guarded HTTP stack shared by every provider, one <see cref="IStorageProvider"/> per
    /// storage type, and the dispatcher over all of them. A new provider is one more line here.
    /// </summary>
    private static void AddStorageProbe(IServiceCollection services)
    {
        services.AddSingleton<EndpointGuard>();
        services.AddSingleton<ProviderHttp>();
        services.AddSingleton<S3Protocol>();
        services.AddSingleton<IStorageProvider, S3StorageProvider>();
        services.AddSingleton<IStorageProvider, AzureBlobStorageProvider>();
        services.AddSingleton<GcsServiceAccountCheck>();
        services.AddSingleton<IStorageProvider, GcsStorageProvider>();
        services.AddSingleton<IStorageProbe, StorageProbe>();

        // Creating buckets at the provider (a create body's provision object), over the same guarded HTTP stack.
        services.AddSingleton<ProvisionSteps>();
        services.AddSingleton<IProvisioningProvider, S3BucketProvisioner>();
        services.AddSingleton<IProvisioningProvider, AzureContainerProvisioner>();
        services.AddSingleton<IProvisioningProvider, GcsBucketProvisioner>();
        services.AddSingleton<IBucketProvisioner, BucketProvisioner>();
    }

    private static TableStorageOptions Storage(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TableStorageOptions>>().Value;

    private static TableClient Table(IServiceProvider services, string name) =>
        services.GetRequiredService<TableServiceClient>().GetTableClient(name);
}
