using BucketFunctions.Api;
using BucketFunctions.Api.Auth;
using BucketFunctions.Core;
using BucketFunctions.Infrastructure;
using BucketFunctions.Infrastructure.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Tests.Startup;

/// <summary>
/// Settings are validated when a host starts (ValidateOnStart): a bad one stops the start with a message naming the
/// setting, never its value. Tested on the hosts' own registrations through the startup validator the host runs.
/// </summary>
public sealed class StartupValidationTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Admin:Key"] = "test-admin-key-0123456789abcdef",
        ["Vault:Envelope:ActiveKeyId"] = "test",
        ["Vault:Envelope:Keys:test"] = Convert.ToBase64String(new byte[32]),
        ["Idempotency:FingerprintKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
    };

    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Admin:Key", "", "Admin:Key" },
        { "Admin:Key", "too-short", "Admin:Key" },
        { "Admin:Key", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin-key/)", "unresolved Key Vault reference" },
        { "Storage:ConnectionString", "", "Storage:ConnectionString" },
        { "Storage:ConnectionString", "AccountName=x", "Storage:ConnectionString" },
        { "Vault:Envelope:ActiveKeyId", "missing-key-id", "ActiveKeyId" },
        { "Vault:Envelope:Keys:test", "c2hvcnQ=", "Vault:Envelope:Keys:test" },
        { "Vault:Mode", "KeyVault", "Vault:Mode" },
        { "Quota:DefaultBucketLimit", "-1", "DefaultBucketLimit" },
        { "Endpoints:ProbeTimeout", "00:00:00", "Endpoints:ProbeTimeout" },
        { "Idempotency:LeaseDuration", "00:00:01", "LeaseDuration" },
    };

    public static TheoryData<string, Dictionary<string, string?>> SampleSettings => new()
    {
        { "Admin:Key", new() { ["Admin:Key"] = AdminOptions.SampleKey } },
        {
            "Vault:Envelope:Keys:" + VaultOptions.SampleKeyId,
            new()
            {
                ["Vault:Envelope:ActiveKeyId"] = VaultOptions.SampleKeyId,
                ["Vault:Envelope:Keys:" + VaultOptions.SampleKeyId] = VaultOptions.SampleKey,
            }
        },
    };

    [Fact]
    public void Good_settings_start()
    {
        Validate(Good, Environments.Production);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void The_host_refuses_to_start_with_a_bad_setting(string key, string? value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(new(Good) { [key] = value }, Environments.Development));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
        if (IsSecret(key) && !string.IsNullOrEmpty(value))
        {
            Assert.DoesNotContain(value, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(SampleSettings))]
    public void A_sample_key_is_refused_outside_Development_and_accepted_in_it(string named, Dictionary<string, string?> sample)
    {
        var settings = new Dictionary<string, string?>(Good);
        foreach (var (key, value) in sample)
        {
            settings[key] = value;
        }

        var error = Assert.Throws<OptionsValidationException>(() => Validate(settings, Environments.Production));
        Validate(settings, Environments.Development);

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal) && f.Contains("sample", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(VaultOptions.SampleKey, error.Message);
    }

    private static bool IsSecret(string key) =>
        key is "Admin:Key" or "Storage:ConnectionString" || key.StartsWith("Vault:Envelope:Keys:", StringComparison.Ordinal);

    private static void Validate(Dictionary<string, string?> settings, string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new Environment(environment));
        services.AddBucketFunctionsCore(configuration).AddBucketFunctionsInfrastructure(configuration).AddBucketFunctionsApi(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "BucketFunctions.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
