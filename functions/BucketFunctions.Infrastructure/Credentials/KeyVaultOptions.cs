namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>Settings section <c>Vault:KeyVault</c>: the Key Vault holding credentials (KeyVault mode) or key material.</summary>
public sealed class KeyVaultOptions
{
    /// <summary>The vault's URI, e.g. <c>https://my-vault.vault.azure.net/</c>.</summary>
    public string? Uri { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty lets <c>DefaultAzureCredential</c> choose.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Purge a bucket's secret right after deleting it, so nothing is kept for the soft-delete retention period. Needs
    /// the purge permission and a vault without purge protection.
    /// </summary>
    public bool PurgeOnDelete { get; set; }

    /// <summary>Retries of a throttled (429) or failed call; each waits at least what the vault's Retry-After asks.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first back-off when the vault sends no Retry-After (exponential after that).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>The longest back-off the client computes itself.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may wait for Key Vault's answer before it counts as failed (and is retried).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
