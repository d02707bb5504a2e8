namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Keeps bucket credentials encrypted. Every put writes a new, immutable version and returns its id; the bucket row
/// names the version it uses (<see cref="Buckets.Bucket.CredentialVersion"/>), so a write that is never committed
/// cannot change the credential a bucket uses.
/// </summary>
public interface ICredentialVault
{
    /// <summary>Writes a new version of the bucket's credential (<see cref="CredentialScope.Version"/> is ignored) and returns its id.</summary>
    Task<string> PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken);

    /// <summary>Exactly the version the scope names; without one, the bucket's latest (or pre-version) entry. Null when absent or discarded.</summary>
    Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken);

    /// <summary>Destroys every version of the bucket's credential (<see cref="CredentialScope.Version"/> is ignored). False when there was none.</summary>
    Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the one version the scope names unreadable, leaving the others. False when it did not exist, or when the
    /// vault has nothing to discard for a scope without a version.
    /// </summary>
    Task<bool> DiscardVersionAsync(CredentialScope scope, CancellationToken cancellationToken);
}
