using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// <c>DELETE /bucket/{id}</c>: the bucket row, its name claim and the quota counter go in one transaction, then the
/// credential is destroyed (its own: a provider key's stays with the key, whose count the transaction lowers). Only one of
/// many concurrent deletes of a bucket succeeds; the rest find nothing (404). With <c>deleteAtProvider</c> the bucket is
/// first deleted at the provider, with its stored credential, when it is empty; a bucket that is not empty (409
/// bucket_not_empty), or that the provider refuses to delete, keeps its registration. One already gone there is no refusal.
/// The bucket's check history goes with it: the re-check prunes only buckets it still lists.
/// </summary>
public sealed class BucketDeletionService(
    BucketAccess access,
    IBucketStore buckets,
    ICredentialVault vault,
    StoredBucketAtProvider atProvider,
    IBucketProvisioner provisioner,
    IBucketHealthStore health,
    ILogger<BucketDeletionService> logger)
{
    public async Task<Result<Bucket>> DeleteAsync(Caller caller, string bucketId, bool deleteAtProvider, CancellationToken cancellationToken)
    {
        var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var bucket = found.Value;
        if (deleteAtProvider && await DeleteAtProviderAsync(bucket, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        if (!await buckets.DeleteAsync(bucket.OrganizationId, bucket.Id, cancellationToken).ConfigureAwait(false))
        {
            // Gone since it was found: a concurrent delete, or this delete's own transaction whose answer was lost and
            // whose retry found nothing. Either way the credential belongs to no bucket now (ids are never reused).
            await vault.DestroyQuietlyAsync(bucket.OwnCredentialScope(), "deleted bucket", logger).ConfigureAwait(false);
            return BucketFailures.NotFound();
        }

        await vault.DestroyQuietlyAsync(bucket.OwnCredentialScope(), "deleted bucket", logger).ConfigureAwait(false);
        await ForgetHistoryAsync(bucket).ConfigureAwait(false);
        return bucket;
    }

    private async Task<Failure?> DeleteAtProviderAsync(Bucket bucket, CancellationToken cancellationToken)
    {
        var request = await atProvider.RequestAsync(bucket, cancellationToken).ConfigureAwait(false);
        if (!request.Succeeded)
        {
            return request.Failure;
        }

        var deleted = await provisioner.DeleteAsync(request.Value, cancellationToken).ConfigureAwait(false);
        return deleted.Outcome is ProvisionOutcome.Deleted or ProvisionOutcome.NotFound ? null : ProvisionFailures.From(deleted);
    }

    private async Task ForgetHistoryAsync(Bucket bucket)
    {
        try
        {
            await health.ForgetAsync(bucket.OrganizationId, bucket.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not remove the check history of deleted bucket {BucketId} of {OrganizationId}: {Error}",
                bucket.Id, bucket.OrganizationId, SafeException.Describe(e));
        }
    }
}
