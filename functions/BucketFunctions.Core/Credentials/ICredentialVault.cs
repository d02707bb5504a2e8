namespace BucketFunctions.Core.Credentials;

/// <summary>Keeps bucket credentials encrypted, one entry per bucket.</summary>
public interface ICredentialVault
{
    Task PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken);

    Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken);

    /// <summary>Destroys the entry. False when there was none.</summary>
    Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken);
}
