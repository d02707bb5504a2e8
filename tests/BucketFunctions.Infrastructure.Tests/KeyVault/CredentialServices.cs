using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BucketFunctions.Core;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>
/// The service's own registrations (Core + Infrastructure) over fresh Azurite tables and, in KeyVault mode, the fake
/// Key Vault: the real SecretClient gets the fake's transport and token credential through the DI seam
/// (<see cref="KeyVaultClients.ServiceKey"/>), and nothing else is replaced.
/// </summary>
internal sealed class CredentialServices : IAsyncDisposable
{
    private CredentialServices(ServiceProvider provider, CapturedLogs logs, string organizationId)
    {
        Provider = provider;
        Logs = logs;
        OrganizationId = organizationId;
    }

    public ServiceProvider Provider { get; }

    public CapturedLogs Logs { get; }

    public string OrganizationId { get; }

    public string WorkspaceId => "ws-1";

    public Caller Caller => new(OrganizationId, "token-1", ["*"], Capability.WriteBuckets | Capability.ReadBuckets | Capability.DeleteBuckets | Capability.ListBuckets);

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    /// <summary>
    /// Builds the services, creates the tables and one organization (limit 100) with workspace <c>ws-1</c>. Tables and
    /// organization are named after the fake vault when there is one, so a second start over it sees the same rows.
    /// </summary>
    public static async Task<CredentialServices> StartAsync(
        Azurite azurite, FakeKeyVault? keyVault, IDictionary<string, string?>? overrides = null, string environment = "Development")
    {
        var suffix = (keyVault?.VaultUri.Host[2..14]) ?? Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TenantsTable"] = "kvtenants" + suffix,
            ["Storage:TokensTable"] = "kvtokens" + suffix,
            ["Vault:Mode"] = keyVault is null ? "Envelope" : "KeyVault",
            ["Vault:Envelope:Table"] = "kvcredentials" + suffix,
            ["Vault:Envelope:ActiveKeyId"] = "k1",
            ["Vault:Envelope:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Vault:KeyVault:Uri"] = keyVault?.VaultUri.ToString(),
            ["Vault:KeyVault:RetryDelay"] = "00:00:00.050",
            ["Vault:KeyVault:MaxRetryDelay"] = "00:00:00.200",
            ["Endpoints:AllowLoopbackHttp"] = "true",
            ["Endpoints:ProbeTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(environment));
        services.AddBucketFunctionsCore(configuration).AddBucketFunctionsInfrastructure(configuration);
        if (keyVault is not null)
        {
            services.AddKeyedSingleton<TokenCredential>(KeyVaultClients.ServiceKey, keyVault.Credential);
            services.AddKeyedSingleton(KeyVaultClients.ServiceKey, keyVault.Transport);
        }

        var provider = services.BuildServiceProvider(validateScopes: true);
        provider.GetRequiredService<IStartupValidator>().Validate();
        var tables = provider.GetRequiredService<TableServiceClient>();
        foreach (var table in new[] { settings["Storage:TenantsTable"]!, settings["Storage:TokensTable"]!, settings["Vault:Envelope:Table"]! })
        {
            await tables.GetTableClient(table).CreateIfNotExistsAsync();
        }

        var organizationId = "org-" + suffix;
        var admin = provider.GetRequiredService<OrganizationAdminService>();
        if ((await admin.CreateAsync(new CreateOrganizationInput(organizationId, "Org", 100), CancellationToken.None)).Succeeded)
        {
            Assert.True((await admin.AddWorkspaceAsync(organizationId, new AddWorkspaceInput("ws-1", "Workspace"), CancellationToken.None)).Succeeded);
        }
        return new CredentialServices(provider, logs, organizationId);
    }

    public TableClient CredentialsTable() =>
        Get<TableServiceClient>().GetTableClient(Get<IOptions<VaultOptions>>().Value.Envelope.Table);

    public TableClient TenantsTable() =>
        Get<TableServiceClient>().GetTableClient(Get<IOptions<TableStorageOptions>>().Value.TenantsTable);

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}
