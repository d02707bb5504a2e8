using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// <c>PUT /bucket/{id}</c>: merges the given fields over the stored bucket, validates the result with the create rules,
/// proves a changed credential, bucket, region, endpoint or storage type at the provider before anything is saved,
/// writes a changed credential as a new vault version, and commits the row naming that version under the revision read
/// (or the one <c>If-Match</c> named). The version in use is never overwritten: a refused commit discards the new
/// version, a successful one discards the old. A rename moves the name claim in the same transaction, and so does the
/// completion of the request's Idempotency-Key. A field equal to its stored value is no change (Flashback's client sends
/// the whole body back): a body that changes nothing is answered with the bucket as it is, without a provider check or a
/// new revision. A change may move the bucket onto a provider key (<c>apiKeyUuid</c>) or off it (its own key and
/// secret); the commit moves its count between the keys.
/// </summary>
public sealed class BucketUpdateService(
    BucketAccess access,
    BucketBodyCheck bodies,
    IBucketStore buckets,
    IStorageProbe probe,
    ICredentialVault vault,
    Provisioning.StoredBucketAtProvider atProvider,
    TimeProvider time,
    ILogger<BucketUpdateService> logger)
{
    /// <summary>Without If-Match a concurrent change is merged over again, this many times at most.</summary>
    private const int MaxAttempts = 3;

    public async Task<Result<UpdatedBucket>> UpdateAsync(
        Caller caller, string bucketId, BucketUpdateInput input, IdempotencyCompletion<UpdatedBucket>? completion,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        if (input.CheckCleared() is { } clearFailure)
        {
            return clearFailure;
        }

        // The provider's settings first: they are not part of the registration, so the rest of the body is the usual change.
        if (input.Changes.Provision is { } provision)
        {
            var changed = await atProvider.ChangeAsync(caller, bucketId, provision, input.ExpectedRevision, cancellationToken)
                .ConfigureAwait(false);
            if (!changed.Succeeded)
            {
                return changed.Failure!;
            }

            input = input with { Changes = input.Changes with { Provision = null } };
            if (input.IsEmpty)
            {
                return new UpdatedBucket(changed.Value, null);
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
            if (!found.Succeeded)
            {
                return found.Failure!;
            }

            var current = found.Value;
            if (input.ExpectedRevision is { } expected && expected != current.Revision)
            {
                return BucketFailures.RevisionMismatch(current.Revision);
            }

            var outcome = await TryUpdateOnceAsync(caller, current, input, completion, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            // With If-Match the next read answers 412; without it the change is merged over the newer revision.
            if (attempt >= MaxAttempts)
            {
                throw new StoreContentionException(attempt);
            }
        }
    }

    /// <summary>The update against one read of the bucket; null when another change landed first and it must be merged again.</summary>
    private async Task<Result<UpdatedBucket>?> TryUpdateOnceAsync(
        Caller caller, Bucket current, BucketUpdateInput input, IdempotencyCompletion<UpdatedBucket>? completion,
        CancellationToken cancellationToken)
    {
        StorageCredential? stored;
        try
        {
            stored = await vault.GetAsync(current.CredentialScope(), cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialVaultUnavailableException)
        {
            return BucketFailures.VaultUnavailable();
        }

        if (input.Over(current, stored) is not { } merged)
        {
            // The version read may have been discarded by a change that committed since: merge over that change instead.
            if (await HasMovedOnAsync(current, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return BucketUpdateInput.CredentialMissing(current);
        }

        // A secret sent back unchanged is still the stored one: an expired SAS token must not block a rename.
        var checkedBody = await bodies.CheckAsync(
            caller, merged, secretIsStored: merged.Secret is not null && merged.Secret.Equals(stored?.Secret), cancellationToken)
            .ConfigureAwait(false);
        if (!checkedBody.Succeeded)
        {
            return checkedBody.Failure!;
        }

        var (next, key) = checkedBody.Value;
        if (next.WorkspaceId != current.WorkspaceId
            && await access.CheckWorkspaceAsync(caller, next.WorkspaceId, cancellationToken).ConfigureAwait(false) is { } workspaceFailure)
        {
            return workspaceFailure;
        }

        // Compared by value, not by presence: Flashback's client sends the whole body back, credentials included. A bucket
        // staying on its provider key keeps the key's credential; moving to or from a key changes it.
        var ownCredentialChanged = key is null && (current.ApiKeyId is not null || next.Credential != stored);
        var credentialChanged = ownCredentialChanged || (key is not null && key.Id != current.ApiKeyId);
        var updated = current with
        {
            Name = next.Name,
            BucketName = next.BucketName,
            StorageTypeName = next.StorageTypeName,
            Region = next.Region,
            Endpoint = next.Endpoint?.OriginalString.Trim(),
            WorkspaceId = next.WorkspaceId,
            WalletAddress = next.WalletAddress,
            KeyHint = KeyHint.For(next.Credential.Key),
            ApiKeyId = key?.Id,
            CredentialVersion = key is not null && credentialChanged ? key.CredentialVersion : current.CredentialVersion,
        };
        if (!credentialChanged && updated == current)
        {
            return new UpdatedBucket(current, null);  // every field as stored: no change, no new revision
        }

        var now = time.GetUtcNow();
        updated = updated with { UpdatedAt = now };
        TimeSpan? latency = null;
        if (credentialChanged || ReachChanged(current, updated))
        {
            var proof = await probe.ProbeAsync(next.ToProbeRequest(), cancellationToken).ConfigureAwait(false);
            if (!proof.Succeeded)
            {
                return ProbeFailures.From(proof);
            }

            updated = updated with { Status = BucketStatus.Online, LastStatusAt = now };
            latency = proof.Latency;
        }

        if (ownCredentialChanged)
        {
            try
            {
                var version = await vault.PutAsync(current.OwnCredentialScope(), next.Credential, cancellationToken).ConfigureAwait(false);
                updated = updated with { CredentialVersion = version };
            }
            catch (CredentialVaultUnavailableException)
            {
                return BucketFailures.VaultUnavailable();
            }
        }

        UpdateBucketOutcome outcome;
        try
        {
            outcome = await buckets.TryUpdateAsync(updated, current.Revision, Completing(completion, latency), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (StoreContentionException) when (ownCredentialChanged)
        {
            // Every attempt was refused: nothing names it.
            await vault.DiscardQuietlyAsync(updated.CredentialScope(), "bucket", logger).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is not StoreContentionException)
        {
            // An error may mean the answer was lost, not the commit: look before answering.
            if (await LandedAnywayAsync(updated, current.Revision, e).ConfigureAwait(false) is not { } landed)
            {
                if (ownCredentialChanged)
                {
                    logger.LogWarning(
                        "The update of bucket {BucketId} of {OrganizationId} failed ({Error}); its new credential version is left unused",
                        current.Id, current.OrganizationId, e.GetType().Name);
                }

                throw;
            }

            outcome = new UpdateBucketOutcome.Updated(landed);
        }

        var committed = outcome is UpdateBucketOutcome.Updated;
        await ForgetUnusedCredentialAsync(current, updated, ownCredentialChanged, committed).ConfigureAwait(false);
        return outcome switch
        {
            UpdateBucketOutcome.Updated done => new UpdatedBucket(done.Bucket, latency),
            UpdateBucketOutcome.DuplicateName => BucketFailures.DuplicateName(),
            UpdateBucketOutcome.NotFound => BucketFailures.NotFound(),
            UpdateBucketOutcome.LeaseLost => IdempotencyFailures.InProgress(),
            UpdateBucketOutcome.ApiKeyNotFound => Failure.Validation([ProviderKeyFailures.Unknown()]),
            UpdateBucketOutcome.ApiKeyFull => Failure.Validation([ProviderKeyFailures.Full()]),
            UpdateBucketOutcome.RevisionMismatch or UpdateBucketOutcome.ApiKeyChanged => null,
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>
    /// After the commit, the credential version of the bucket's own that nothing names any more: committed, the one it
    /// used before (when it wrote another, or moved onto a provider key); refused, the one this update wrote. A provider
    /// key's credential is never the bucket's to discard. Discarded, not deleted: a Key Vault secret deleted would keep
    /// its name from a later version (a bucket moving off the key again) while it waits to be purged.
    /// </summary>
    private async Task ForgetUnusedCredentialAsync(Bucket current, Bucket updated, bool wroteOwn, bool committed)
    {
        if (!committed && wroteOwn)
        {
            await vault.DiscardQuietlyAsync(updated.CredentialScope(), "bucket", logger).ConfigureAwait(false);
        }
        else if (committed && current.ApiKeyId is null && (wroteOwn || updated.ApiKeyId is not null))
        {
            await vault.DiscardQuietlyAsync(current.CredentialScope(), "bucket", logger).ConfigureAwait(false);
        }
    }

    /// <summary>Where the provider is asked: a change here must be proven even with the same credential.</summary>
    private static bool ReachChanged(Bucket current, Bucket updated) =>
        updated.StorageType != current.StorageType || updated.BucketName != current.BucketName
        || updated.Region != current.Region || updated.Endpoint != current.Endpoint;

    /// <summary>
    /// The stored bucket when this update's commit reported an error but landed (the next revision, stamped with this
    /// update's time); null when it did not, or when that cannot be told.
    /// </summary>
    private async Task<Bucket?> LandedAnywayAsync(Bucket attempted, long readRevision, Exception commitError)
    {
        Bucket? stored;
        try
        {
            stored = await buckets.GetAsync(attempted.OrganizationId, attempted.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "Could not tell whether the update of bucket {BucketId} of {OrganizationId} was committed ({CommitError}): {Error}",
                attempted.Id, attempted.OrganizationId, commitError.GetType().Name, SafeException.Describe(e));
            return null;
        }

        if (stored is null || stored.Revision != readRevision + 1 || stored.UpdatedAt != attempted.UpdatedAt)
        {
            return null;
        }

        logger.LogWarning(
            "The update of bucket {BucketId} of {OrganizationId} reported an error but landed; answering success: {Error}",
            attempted.Id, attempted.OrganizationId, SafeException.Describe(commitError));
        return stored;
    }

    /// <summary>The key's completion as the store needs it: rendered from the committed bucket and this attempt's check time.</summary>
    private static IdempotencyCompletion<Bucket>? Completing(IdempotencyCompletion<UpdatedBucket>? completion, TimeSpan? latency) =>
        completion is null ? null : new(completion.Lease, bucket => completion.Render(new UpdatedBucket(bucket, latency)));

    /// <summary>True when the bucket row is no longer the one read: changed (or deleted) by a request that committed since.</summary>
    private async Task<bool> HasMovedOnAsync(Bucket read, CancellationToken cancellationToken) =>
        (await buckets.GetAsync(read.OrganizationId, read.Id, cancellationToken).ConfigureAwait(false))?.Revision != read.Revision;
}
