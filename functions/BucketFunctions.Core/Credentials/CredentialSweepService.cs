using BucketFunctions.Core.Buckets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Removes vault entries no bucket uses: left by a crash between the vault write and the bucket commit, or by a cleanup
/// that failed. An entry older than <see cref="CredentialSweepOptions.MinimumAge"/> is removed when its bucket does not
/// exist (every version goes), or its version is discarded when the bucket names another version; the version a bucket
/// names, a young entry, and one that cannot be checked are kept.
/// Logs counts and bucket ids, never a credential.
/// </summary>
public sealed class CredentialSweepService(
    ICredentialInventory inventory,
    ICredentialVault vault,
    IBucketStore buckets,
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
            // The bucket is looked up first, whatever the age: the version a bucket uses is never a candidate.
            var bucket = await buckets.GetAsync(entry.Scope.OrganizationId, entry.Scope.BucketId, cancellationToken).ConfigureAwait(false);
            if (bucket is not null && IsInUse(entry, bucket))
            {
                return Verdict.Live;
            }

            // A young entry may belong to a create or an update that has not committed yet.
            if (entry.CreatedAt > cutoff)
            {
                return Verdict.TooYoung;
            }

            if (bucket is null)
            {
                await vault.DeleteAsync(entry.Scope, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "Removed the orphaned credential of bucket {BucketId} of {OrganizationId}",
                    entry.Scope.BucketId, entry.Scope.OrganizationId);
            }
            else
            {
                await vault.DiscardVersionAsync(entry.Scope, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "Discarded a credential version bucket {BucketId} of {OrganizationId} does not use",
                    entry.Scope.BucketId, entry.Scope.OrganizationId);
            }

            return Verdict.Removed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Credential sweep could not check or remove the entry of bucket {BucketId} of {OrganizationId} ({Error})",
                entry.Scope.BucketId, entry.Scope.OrganizationId, e.GetType().Name);
            return Verdict.Failed;
        }
    }

    /// <summary>The entry is the version the bucket names (both none for a bucket stored before versions), or all of them.</summary>
    private static bool IsInUse(CredentialEntry entry, Bucket bucket) =>
        entry.AllVersions || string.Equals(entry.Scope.Version, bucket.CredentialVersion, StringComparison.Ordinal);

    private enum Verdict
    {
        Removed,
        Live,
        TooYoung,
        Failed,
    }
}
