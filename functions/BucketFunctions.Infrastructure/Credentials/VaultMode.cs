namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>Where bucket credentials are kept.</summary>
public enum VaultMode
{
    /// <summary>AES-256-GCM ciphertext in a table, under keys from settings (local default, high-volume option).</summary>
    Envelope,

    /// <summary>One Key Vault secret per bucket.</summary>
    KeyVault,
}
