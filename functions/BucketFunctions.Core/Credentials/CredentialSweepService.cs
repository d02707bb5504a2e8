using BucketFunctions.Core.Buckets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Removes vault entries nothing uses: left by a crash between the vault write and the bucket commit, or by a cleanup
/// that failed. An entry belongs to a bucket or, under a provider key's id, to that key. An entry older than
/// <see cref="CredentialSweepOptions.MinimumAge"/> is removed when its owner does not exist (every version goes), or its
/// version is discarded when the owner names another version; the version an owner names, a young entry, and one that
/// cannot be checked are kept. Logs counts and ids, never a credential.
/// </summary>
public sealed class CredentialSweepService(
    ICredentialInventory inventory,
    ICredentialVault vault,
    IBucketStore buckets,
    ProviderKeys.IProviderKeyStore providerKeys,
    IOptions<CredentialSweepOptions> options,
    TimeProvider time,
    ILogger<CredentialSweepService> logger)
{
    public async Task<CredentialSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.MinimumAge;
        int examined = 0, removed = 0, live = 0, tooYoung = 0, failed = 0;
        await foreach (var entry in inventory.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            examined++;
            switch (await SweepOneAsync(entry, cutoff, cancellationToken).ConfigureAwait(false))
            {
                case Verdict.Removed: removed++; break;
                case Verdict.Live: live++; break;
                case Verdict.TooYoung: tooYoung++; break;
                default: failed++; break;
            }
        }

        var result = new CredentialSweepResult(examined, removed, live, tooYoung, failed);
        logger.LogInformation(
            "Credential sweep: {Examined} entries examined, {Removed} orphans removed, {Live} live, {TooYoung} too young, {Failed} failed",
            result.Examined, result.Removed, result.Live, result.TooYoung, result.Failed);
        return result;
    }

    private async Task<Verdict> SweepOneAsync(CredentialEntry entry, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        try
        {
            // The owner is looked up first, whatever the age: the version a bucket or a key uses is never a candidate. Ids
            // are GUIDs minted here, so an id is a bucket's or a key's, never both.
            var (organizationId, id) = (entry.Scope.OrganizationId, entry.Scope.BucketId);
            var ownerVersion = (await buckets.GetAsync(organizationId, id, cancellationToken).ConfigureAwait(false)) is { } bucket
                ? new OwnerVersion(bucket.CredentialVersion)
                : (await providerKeys.GetAsync(organizationId, id, cancellationToken).ConfigureAwait(false)) is { } key
                    ? new OwnerVersion(key.CredentialVersion)
                    : null;
            if (ownerVersion is not null && IsInUse(entry, ownerVersion.Version))
            {
                return Verdict.Live;
            }

            // A young entry may belong to a create or an update that has not committed yet.
            if (entry.CreatedAt > cutoff)
            {
                return Verdict.TooYoung;
            }

            if (ownerVersion is null)
            {
                await vault.DeleteAsync(entry.Scope, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "Removed the orphaned credential of bucket or provider key {OwnerId} of {OrganizationId}",
                    entry.Scope.BucketId, entry.Scope.OrganizationId);
            }
            else
            {
                await vault.DiscardVersionAsync(entry.Scope, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "Discarded a credential version bucket or provider key {OwnerId} of {OrganizationId} does not use",
                    entry.Scope.BucketId, entry.Scope.OrganizationId);
            }

            return Verdict.Removed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Credential sweep could not check or remove the entry of {OwnerId} of {OrganizationId} ({Error})",
                entry.Scope.BucketId, entry.Scope.OrganizationId, e.GetType().Name);
            return Verdict.Failed;
        }
    }

    /// <summary>The entry is the version its owner names (both none for a bucket stored before versions), or all of them.</summary>
    private static bool IsInUse(CredentialEntry entry, string? ownerVersion) =>
        entry.AllVersions || string.Equals(entry.Scope.Version, ownerVersion, StringComparison.Ordinal);

    /// <summary>The version a bucket or provider key names (null: a bucket stored before versions).</summary>
    private sealed record OwnerVersion(string? Version);

    private enum Verdict
    {
        Removed,
        Live,
        TooYoung,
        Failed,
    }
}
