using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// Which provider keys a caller may see and use, declared once for the key routes and for bucket bodies that name one:
/// the organization comes from the token, a token limited to some workspaces sees only keys in those workspaces, and
/// anything else — another organization's key, another workspace's, an id that is not a key id — is not there.
/// </summary>
public sealed class ProviderKeyAccess(IProviderKeyStore keys)
{
    /// <summary>The key, or <see cref="FailureKind.NotFound"/>.</summary>
    public async Task<Result<ProviderKey>> FindAsync(Caller caller, string keyId, CancellationToken cancellationToken) =>
        await FindOrNullAsync(caller, keyId, cancellationToken).ConfigureAwait(false) is { } key ? key : ProviderKeyFailures.NotFound();

    /// <summary>The key, or null when the caller may not see one by this id.</summary>
    public async Task<ProviderKey?> FindOrNullAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!ResourceIds.TryParse(keyId, out var id))
        {
            return null;
        }

        var key = await keys.GetAsync(caller.OrganizationId, id, cancellationToken).ConfigureAwait(false);
        return key is not null && caller.MayUse(key.WorkspaceId) ? key : null;
    }
}
