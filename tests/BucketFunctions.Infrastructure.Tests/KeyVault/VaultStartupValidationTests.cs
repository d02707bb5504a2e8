using BucketFunctions.Core;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>The vault and fingerprint settings are checked when the host starts, with messages naming the setting.</summary>
public sealed class VaultStartupValidationTests
{
    private static readonly string FingerprintKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Vault:Envelope:ActiveKeyId"] = "test",
        ["Vault:Envelope:Keys:test"] = Convert.ToBase64String(new byte[32]),
        ["Idempotency:FingerprintKey"] = FingerprintKey,
    };

    public static TheoryData<Dictionary<string, string?>, string> Bad => new()
    {
        { new() { ["Vault:Mode"] = "KeyVault" }, "Vault:KeyVault:Uri is required when Vault:Mode is KeyVault" },
        { new() { ["Vault:Mode"] = "KeyVault", ["Vault:KeyVault:Uri"] = "http://plain.vault.azure.net/" }, "Vault:KeyVault:Uri must be an absolute https URI" },
        { new() { ["Vault:Mode"] = "KeyVault", ["Vault:KeyVault:Uri"] = "https://v.vault.azure.net/", ["Vault:KeyVault:MaxRetries"] = "50" }, "Vault:KeyVault:MaxRetries" },
        { new() { ["Vault:Envelope:KeySetSecretName"] = "envelope-keys" }, "Vault:KeyVault:Uri is required when Vault:Envelope:KeySetSecretName is set" },
        { new() { ["Vault:Envelope:KeySetSecretName"] = "bad_name", ["Vault:KeyVault:Uri"] = "https://v.vault.azure.net/" }, "Vault:Envelope:KeySetSecretName" },
        { new() { ["Idempotency:FingerprintKey"] = "c2hvcnQ=" }, "Idempotency:FingerprintKey" },
        { new() { ["Idempotency:FingerprintKey"] = IdempotencyOptions.SampleFingerprintKey }, "sample" },
        { new() { ["Idempotency:FingerprintKey"] = null }, "Idempotency:FingerprintKey is required" },
        { new() { ["Idempotency:FingerprintKeySecretName"] = "idempotency-key" }, "Vault:KeyVault:Uri is required when Idempotency:FingerprintKeySecretName is set" },
        { new() { ["Vault:Sweep:MinimumAge"] = "00:00:05" }, "MinimumAge" },
        { new() { ["Vault:Sweep:MinimumAge"] = "00:04:59" }, "MinimumAge" },
    };

    [Fact]
    public void Key_Vault_mode_starts_with_its_uri()
    {
        Validate(new() { ["Vault:Mode"] = "KeyVault", ["Vault:KeyVault:Uri"] = "https://v.vault.azure.net/" }, Environments.Production);
    }

    [Fact]
    public void In_Development_a_missing_fingerprint_key_falls_back_to_the_sample()
    {
        Validate(new() { ["Idempotency:FingerprintKey"] = null }, Environments.Development);
    }

    [Fact]
    public void The_sample_settings_start_in_Development_and_their_published_keys_are_refused_in_Production()
    {
        using var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());

        Validate(settings, Environments.Development);
        var error = Assert.ThrowsAny<Exception>(() => Validate(settings, Environments.Production));

        Assert.Contains("Idempotency:FingerprintKey is the sample key", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_setting_stops_the_start_with_a_message_naming_it(Dictionary<string, string?> change, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Validate(change, Environments.Production));

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(FingerprintKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(IdempotencyOptions.SampleFingerprintKey, error.Message, StringComparison.Ordinal);
    }

    private static void Validate(Dictionary<string, string?> change, string environment)
    {
        var settings = new Dictionary<string, string?>(Good);
        foreach (var (key, value) in change)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment(environment));
        services.AddBucketFunctionsCore(configuration).AddBucketFunctionsInfrastructure(configuration);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
