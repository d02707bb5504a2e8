namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Moves stored entries to the vault's current encryption key, a page at a time, so an old key can be retired. A vault
/// that keeps no keys of its own (Key Vault encrypts for us) reports every entry as already current.
/// </summary>
public interface IReencryptableVault
{
    /// <summary>
    /// Re-encrypts up to <paramref name="pageSize"/> entries from where <paramref name="continuationToken"/> left off
    /// (null: from the start). Idempotent: an entry already under the current key is left as it is.
    /// </summary>
    /// <exception cref="Buckets.InvalidContinuationTokenException">The token was not one this vault issued.</exception>
    Task<ReencryptionPage> ReencryptPageAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken);
}

/// <summary>What one page of re-encryption did; <see cref="ContinuationToken"/> is null after the last page.</summary>
public sealed record ReencryptionPage(int Examined, int Reencrypted, int AlreadyCurrent, int Failed, string? ContinuationToken);
