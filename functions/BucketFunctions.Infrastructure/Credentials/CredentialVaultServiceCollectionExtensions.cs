using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Hosting;
using BucketFunctions.Infrastructure.Idempotency;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// The credential vault's registrations: <c>Vault:Mode</c> picks the one adapter (<see cref="EnvelopeCredentialVault"/>
/// or <see cref="KeyVaultCredentialVault"/>) in one factory, and that one instance serves <see cref="ICredentialVault"/>,
/// <see cref="ICredentialInventory"/> and <see cref="IReencryptableVault"/>. Key Vault is reached through one
/// <see cref="SecretClient"/>, built only when something needs it.
/// </summary>
public static class CredentialVaultServiceCollectionExtensions
{
    private const string AdapterKey = "credential-vault";

    /// <summary>Runs the credential sweep in the background every <c>Vault:Sweep:Interval</c>. For long-running hosts.</summary>
    public static IServiceCollection AddCredentialSweepBackgroundService(this IServiceCollection services) =>
        services.AddHostedService<CredentialSweepHostedService>();

    /// <param name="credentialsTable">The service key of the envelope vault's <see cref="TableClient"/>.</param>
    internal static IServiceCollection AddCredentialVault(this IServiceCollection services, string credentialsTable)
    {
        services.AddKeyedSingleton<TokenCredential>(
            KeyVaultClients.ServiceKey, (sp, _) => AzureIdentity.DefaultCredential(Vault(sp).KeyVault.ManagedIdentityClientId));
        services.AddSingleton(sp => KeyVaultClients.Create(
            Vault(sp).KeyVault,
            sp.GetRequiredKeyedService<TokenCredential>(KeyVaultClients.ServiceKey),
            sp.GetKeyedService<HttpPipelineTransport>(KeyVaultClients.ServiceKey)));
        services.AddSingleton(sp => Cipher(sp));
        services.AddKeyedSingleton(AdapterKey, (sp, _) => Vault(sp).Mode switch
        {
            VaultMode.Envelope => (object)new EnvelopeCredentialVault(
                sp.GetRequiredKeyedService<TableClient>(credentialsTable),
                sp.GetRequiredService<EnvelopeCipher>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EnvelopeCredentialVault>>()),
            VaultMode.KeyVault => new KeyVaultCredentialVault(
                sp.GetRequiredService<SecretClient>(),
                sp.GetRequiredService<IOptions<VaultOptions>>(),
                sp.GetRequiredService<ILogger<KeyVaultCredentialVault>>()),
            var mode => throw new InvalidOperationException($"Vault:Mode '{mode}' is not one of Envelope, KeyVault."),
        });
        services.AddSingleton(sp => (ICredentialVault)sp.GetRequiredKeyedService<object>(AdapterKey));
        services.AddSingleton(sp => (ICredentialInventory)sp.GetRequiredKeyedService<object>(AdapterKey));
        services.AddSingleton(sp => (IReencryptableVault)sp.GetRequiredKeyedService<object>(AdapterKey));
        services.AddSingleton(sp => IdempotencyFingerprintKey.Create(
            sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<SecretClient>));
        services.AddHostedService<KeyMaterialLoader>();
        return services;
    }

    /// <summary>The envelope cipher over the keys of settings, or of the Key Vault key set when one is named.</summary>
    private static EnvelopeCipher Cipher(IServiceProvider services)
    {
        var envelope = Vault(services).Envelope;
        return string.IsNullOrWhiteSpace(envelope.KeySetSecretName)
            ? new EnvelopeCipher(envelope)
            : new EnvelopeCipher(
                EnvelopeKeySet.Load(services.GetRequiredService<SecretClient>(), envelope.KeySetSecretName, envelope.Table));
    }

    private static VaultOptions Vault(IServiceProvider services) => services.GetRequiredService<IOptions<VaultOptions>>().Value;
}
