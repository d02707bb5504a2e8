namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Lists what a credential vault holds, for the sweep that removes entries no bucket owns. A separate port from
/// <see cref="ICredentialVault"/> so the per-request path never depends on listing.
/// </summary>
public interface ICredentialInventory
{
    /// <summary>Every entry, across organizations, in no particular order.</summary>
    IAsyncEnumerable<CredentialEntry> ListAsync(CancellationToken cancellationToken);
}
