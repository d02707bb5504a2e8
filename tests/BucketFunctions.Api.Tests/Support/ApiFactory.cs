using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>
/// The local host's real Program, in process, against the shared Azurite and s3rver. Each factory gets its own
/// tables, so test classes never see each other's rows.
/// </summary>
public sealed class ApiFactory(
    Azurite azurite,
    IReadOnlyDictionary<string, string?>? overrides = null,
    Action<IServiceCollection>? replaceServices = null,
    string environment = "Development") : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly string suffix = Guid.NewGuid().ToString("N")[..12];

    public LogCapture Logs { get; } = new();

    /// <summary>Every response the app wrote, for the contract check each test ends with.</summary>
    public ResponseRecorder Responses { get; } = new();

    public string TenantsTable => "tenants" + suffix;

    public string TokensTable => "tokens" + suffix;

    public string CredentialsTable => "credentials" + suffix;

    public string HealthTable => "health" + suffix;

    public IEnumerable<string> Tables => [TenantsTable, TokensTable, CredentialsTable, HealthTable];

    public TableClient Table(string name) => new(azurite.ConnectionString, name);

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-admin-key", AdminKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // A developer's local.settings.json must not change what the tests see.
        builder.UseSetting("LocalSettings:Enabled", "false");
        builder.ConfigureAppConfiguration(configuration =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:TableServiceUri"] = string.Empty,
                ["Storage:TenantsTable"] = TenantsTable,
                ["Storage:TokensTable"] = TokensTable,
                ["Storage:HealthTable"] = HealthTable,
                ["Vault:Mode"] = "Envelope",
                ["Vault:Envelope:Table"] = CredentialsTable,
                ["Vault:Envelope:ActiveKeyId"] = "test",
                ["Vault:Envelope:Keys:test"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
                ["Admin:Key"] = AdminKey,
                ["Quota:DefaultBucketLimit"] = "10",
                ["Endpoints:AllowLoopbackHttp"] = "true",
                ["Endpoints:ProbeTimeout"] = "00:00:05",
            };
            // A null override removes the default setting (a test app without the default envelope key, say).
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                if (value is null)
                {
                    settings.Remove(key);
                }
                else
                {
                    settings[key] = value;
                }
            }

            configuration.AddInMemoryCollection(settings);
        });
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(Responses));
        if (replaceServices is not null)
        {
            // Fault injection only: wrap a real adapter to fail on cue; everything else stays real.
            builder.ConfigureTestServices(replaceServices);
        }
    }
}
