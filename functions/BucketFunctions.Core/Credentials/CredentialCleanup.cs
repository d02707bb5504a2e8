using BucketFunctions.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Best-effort vault removals after the row that named a credential is gone, or was never committed: the client's answer
/// does not wait on them, and what one leaves behind is named by nothing, so it is never read (the sweep removes it).
/// A failure is only logged, as its exception types (<see cref="SafeException"/>): an exception's message may quote a secret.
/// </summary>
internal static class CredentialCleanup
{
    /// <summary>Destroys every version under the scope (in Key Vault the whole secret).</summary>
    /// <param name="owner">What the scope belonged to, as the log names it: "deleted bucket", "uncommitted bucket"...</param>
    public static async Task DestroyQuietlyAsync(this ICredentialVault vault, CredentialScope scope, string owner, ILogger logger)
    {
        try
        {
            await vault.DeleteAsync(scope, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not destroy the credential of {Owner} {OwnerId} of {OrganizationId}; the sweep will: {Error}",
                owner, scope.BucketId, scope.OrganizationId, SafeException.Describe(e));
        }
    }

    /// <summary>
    /// Discards the one version the scope names, leaving the ones in use. The envelope vault's sweep removes one left behind;
    /// Key Vault lists secrets, not versions, so there it stays enabled until the secret is deleted with its owner.
    /// </summary>
    /// <param name="owner">What the version belongs to, as the log names it: "bucket" or "provider key".</param>
    public static async Task DiscardQuietlyAsync(this ICredentialVault vault, CredentialScope unused, string owner, ILogger logger)
    {
        try
        {
            await vault.DiscardVersionAsync(unused, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "Could not discard an unused credential version of {Owner} {OwnerId} of {OrganizationId}; it is never read: {Error}",
                owner, unused.BucketId, unused.OrganizationId, SafeException.Describe(e));
        }
    }
}
