using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Startup;

/// <summary>
/// Key material that comes from Key Vault (the envelope key set, the idempotency fingerprint key) is read while the host
/// starts: a secret that holds no usable key stops the start with a message naming it, rather than the first request
/// that needs it answering 500. The local host's credential sweep is taken out, as the Functions app runs none at start:
/// only the start-up read itself may stop the start.
/// </summary>
public sealed class KeyMaterialStartupTests : IAsyncLifetime
{
    private Azurite azurite = null!;
    private FakeKeyVault keyVault = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.SharedAsync();
        keyVault = await FakeKeyVault.StartAsync();
    }

    public async Task DisposeAsync() => await keyVault.DisposeAsync();

    [Theory]
    [InlineData("Vault:Envelope:KeySetSecretName", "envelope-keys")]
    [InlineData("Idempotency:FingerprintKeySecretName", "fingerprint-key")]
    public async Task A_Key_Vault_secret_without_a_usable_key_stops_the_start_naming_it(string setting, string secretName)
    {
        keyVault.Seed(secretName, "not key material");
        var settings = new Dictionary<string, string?> { ["Vault:KeyVault:Uri"] = keyVault.VaultUri.ToString(), [setting] = secretName };
        if (setting.StartsWith("Vault:Envelope:", StringComparison.Ordinal))
        {
            (settings["Vault:Envelope:ActiveKeyId"], settings["Vault:Envelope:Keys:test"]) = (null, null);
        }

        await using var factory = new ApiFactory(azurite, settings, services =>
        {
            foreach (var sweep in services.Where(d => d.ImplementationType == typeof(CredentialSweepHostedService)).ToList())
            {
                services.Remove(sweep);
            }

            services.AddKeyedSingleton<TokenCredential>(KeyVaultClients.ServiceKey, keyVault.Credential);
            services.AddKeyedSingleton<HttpPipelineTransport>(KeyVaultClients.ServiceKey, keyVault.Transport);
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains($"'{secretName}'", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("not key material", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            yield return error;
        }
    }
}
