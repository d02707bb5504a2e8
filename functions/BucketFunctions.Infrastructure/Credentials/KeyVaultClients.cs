using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Builds the one <see cref="SecretClient"/> the service uses. Registered in DI under <see cref="ServiceKey"/> are its
/// <see cref="TokenCredential"/> (DefaultAzureCredential, with the managed identity's client id when configured) and,
/// optionally, an <see cref="HttpPipelineTransport"/>: tests register their own of either after the service's
/// registrations to point the real client at an in-process Key Vault.
/// </summary>
public static class KeyVaultClients
{
    /// <summary>
    /// The DI service key of the Key Vault client's <see cref="TokenCredential"/> and <see cref="HttpPipelineTransport"/>.
    /// </summary>
    public const string ServiceKey = "keyvault";

    /// <summary>
    /// Retries bounded by <see cref="KeyVaultOptions.MaxRetries"/>, exponential from <see cref="KeyVaultOptions.RetryDelay"/>.
    /// Azure.Core's retry policy waits at least what a 429's Retry-After asks, whatever the computed delay.
    /// </summary>
    public static SecretClientOptions CreateOptions(KeyVaultOptions settings, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SecretClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = settings.MaxRetries,
                Delay = settings.RetryDelay,
                MaxDelay = settings.MaxRetryDelay,
                NetworkTimeout = settings.NetworkTimeout,
            },
        };

        // Bodies are never logged by the SDK's diagnostics: a secret's value travels in them.
        options.Diagnostics.IsLoggingContentEnabled = false;
        if (transport is not null)
        {
            options.Transport = transport;
        }

        return options;
    }

    public static SecretClient Create(KeyVaultOptions settings, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Uri.TryCreate(settings.Uri, UriKind.Absolute, out var vaultUri))
        {
            throw new InvalidOperationException("Vault:KeyVault:Uri is required to reach Key Vault.");
        }

        return new SecretClient(vaultUri, credential, CreateOptions(settings, transport));
    }

    /// <summary>
    /// The latest value of a secret holding key material, read once while singletons are built. The container has no
    /// asynchronous factories, so this blocks on the async call (on the thread pool, so no synchronization context can
    /// deadlock it); the SDK's synchronous path is avoided because not every transport supports it.
    /// </summary>
    /// <param name="source">The secret and the setting naming it, as the message names them.</param>
    /// <exception cref="InvalidOperationException">Key Vault refused the read; the message gives its status and error code.</exception>
    internal static string ReadAtStart(SecretClient client, string secretName, string source)
    {
        try
        {
            return Task.Run(async () => (await client.GetSecretAsync(secretName).ConfigureAwait(false)).Value.Value)
                .GetAwaiter().GetResult();
        }
        catch (Azure.RequestFailedException e)
        {
            throw new InvalidOperationException($"{source} could not be read: Key Vault answered {e.Status} ({e.ErrorCode}).");
        }
    }
}
