using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Core.Registration;

/// <summary>
/// Registers a bucket: validate; check the workspace, fail fast on a full quota, and prove the credentials at the
/// provider, all at once; then write the vault and commit the bucket. The commit claims the name and counts the quota
/// atomically (guarded by the quota version read before); when it refuses, the vault entry is removed again, so a
/// refused request stores nothing. The name is not read beforehand: the commit's name row refuses a duplicate anyway,
/// and a read would cost every create a table request to spare the rare duplicate a provider check. Under an
/// Idempotency-Key the commit also completes the key with its answer, so a retry learns the bucket it created. A bucket
/// registered with a provider key (<c>apiKeyUuid</c>) writes nothing to the vault: it names the key's credential, and the
/// commit counts it on the key.
/// </summary>
public sealed class BucketRegistrationService(
    BucketBodyCheck bodies,
    BucketAccess access,
    IBucketStore buckets,
    IStorageProbe probe,
    IBucketProvisioner provisioner,
    ICredentialVault vault,
    TimeProvider time,
    ILogger<BucketRegistrationService> logger)
{
    public async Task<Result<Bucket>> RegisterAsync(
        Caller caller, BucketRegistrationInput input, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken)
    {
        var checkedBody = await bodies.CheckAsync(caller, input, secretIsStored: false, cancellationToken).ConfigureAwait(false);
        if (!checkedBody.Succeeded)
        {
            return checkedBody.Failure!;
        }

        var (registration, key) = checkedBody.Value;
        if (registration.Provision is not null)
        {
            return await ProvisionAndRegisterAsync(caller, registration, key, completion, cancellationToken).ConfigureAwait(false);
        }

        // The provider check needs nothing the fail-fast reads return, so it runs alongside them (unless the token may
        // not use the workspace: then nothing is sent to the provider). A refusal cancels it.
        using var probeCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = FailFastAsync(caller, registration, cancellationToken);
        var probing = caller.MayUse(registration.WorkspaceId) ? ProveAsync(registration, probeCancellation.Token) : null;
        (Failure? Refusal, QuotaReading? Quota) precheck;
        try
        {
            precheck = await reads.ConfigureAwait(false);
        }
        catch
        {
            await AbandonAsync(probing, probeCancellation).ConfigureAwait(false);
            throw;
        }

        if (precheck.Refusal is { } refusal)
        {
            await AbandonAsync(probing, probeCancellation).ConfigureAwait(false);
            return refusal;
        }

        // Not null here: without it the token may not use the workspace, which the fail-fast checks refused.
        var probeResult = await probing!.ConfigureAwait(false);
        if (!probeResult.Succeeded)
        {
            return ProbeFailures.From(probeResult);
        }

        // S3 without a region: the region the provider named.
        var bucket = NewBucket(caller, registration, key, registration.Region ?? probeResult.ActualRegion);
        return await CommitAsync(bucket, registration.Credential, precheck.Quota, completion, cancellationToken).ConfigureAwait(false);
    }

    private Bucket NewBucket(Caller caller, BucketRegistration registration, ProviderKey? key, string? region)
    {
        var now = time.GetUtcNow();
        return new Bucket
        {
            Id = Guid.NewGuid(),
            OrganizationId = caller.OrganizationId,
            Name = registration.Name,
            BucketName = registration.BucketName,
            StorageTypeName = registration.StorageTypeName,
            Region = region,
            Endpoint = registration.Endpoint?.OriginalString.Trim(),
            WorkspaceId = registration.WorkspaceId,
            WalletAddress = registration.WalletAddress,
            KeyHint = KeyHint.For(registration.Credential.Key),
            Status = BucketStatus.Online,
            LastStatusAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
            ApiKeyId = key?.Id,
            CredentialVersion = key?.CredentialVersion,  // the version proven; the commit checks the key still holds it
        };
    }

    /// <summary>
    /// Creates the bucket at the provider, then registers it as any other. Everything that can refuse the registration
    /// without the provider (workspace, quota, name) is checked first, so such a refusal creates nothing there; when the
    /// commit refuses anyway (a race), the bucket made is deleted again, so a refused request leaves nothing behind.
    /// </summary>
    private async Task<Result<Bucket>> ProvisionAndRegisterAsync(
        Caller caller, BucketRegistration registration, ProviderKey? key, IdempotencyCompletion<Bucket>? completion,
        CancellationToken cancellationToken)
    {
        var (refusal, quota) = await FailFastAsync(caller, registration, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await buckets.NameTakenAsync(caller.OrganizationId, registration.Name, cancellationToken).ConfigureAwait(false))
        {
            return BucketFailures.DuplicateName();
        }

        var request = registration.ToProvisionRequest();
        var created = await provisioner.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (created.Outcome != ProvisionOutcome.Created)
        {
            return ProvisionFailures.From(created);
        }

        var bucket = NewBucket(caller, registration, key, registration.Region);
        Result<Bucket> committed;
        try
        {
            committed = await CommitAsync(bucket, registration.Credential, quota, completion, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await RollBackUnlessCommittedAsync(request, bucket).ConfigureAwait(false);
            throw;
        }

        if (!committed.Succeeded)
        {
            await RollBackAsync(request, bucket).ConfigureAwait(false);
        }

        return committed;
    }

    /// <summary>After a commit that failed with an error: delete at the provider only when the row provably is not there.</summary>
    private async Task RollBackUnlessCommittedAsync(ProvisionRequest request, Bucket bucket)
    {
        try
        {
            if (await buckets.GetAsync(bucket.OrganizationId, bucket.Id, CancellationToken.None).ConfigureAwait(false) is not null)
            {
                return;
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "Could not tell whether bucket {BucketId} of {OrganizationId} was committed; {StorageType} bucket {BucketName} is kept "
                + "at the provider and may be an orphan: {Error}",
                bucket.Id, bucket.OrganizationId, request.StorageType, request.BucketName, SafeException.Describe(e));
            return;
        }

        await RollBackAsync(request, bucket).ConfigureAwait(false);
    }

    /// <summary>Deletes the bucket this request created (still empty); when even that fails its name is logged as an orphan.</summary>
    private async Task RollBackAsync(ProvisionRequest request, Bucket bucket)
    {
        ProvisionResult deleted;
        try
        {
            deleted = await provisioner.DeleteAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            deleted = new ProvisionResult(ProvisionOutcome.ProviderUnavailable, SafeException.Describe(e));
        }

        if (deleted.Outcome != ProvisionOutcome.Deleted)
        {
            logger.LogWarning(
                "The registration of bucket {BucketId} of {OrganizationId} was refused and {StorageType} bucket {BucketName} it created "
                + "could not be deleted ({Outcome}, provider code {ProviderCode}): it is an orphan at the provider",
                bucket.Id, bucket.OrganizationId, request.StorageType, request.BucketName, deleted.Outcome, deleted.ProviderCode ?? "-");
        }
    }

    /// <summary>
    /// Workspace and quota, read at the same time and judged in that order (the stores may answer both from memory).
    /// The quota reading is returned so the commit can be guarded by it rather than read again.
    /// </summary>
    private async Task<(Failure? Refusal, QuotaReading? Quota)> FailFastAsync(Caller caller, BucketRegistration registration, CancellationToken cancellationToken)
    {
        var workspaceCheck = access.CheckWorkspaceAsync(caller, registration.WorkspaceId, cancellationToken);
        var quotaRead = buckets.ReadQuotaAsync(caller.OrganizationId, cancellationToken);
        await Task.WhenAll(workspaceCheck, quotaRead).ConfigureAwait(false);

        var quota = await quotaRead.ConfigureAwait(false);
        return (await workspaceCheck.ConfigureAwait(false)) is { } workspaceFailure ? (workspaceFailure, null)
            : quota.Usage.IsReached ? (BucketFailures.TooManyBuckets(quota.Usage), null)
            : (null, quota);
    }

    /// <summary>Async, so that even a refusal to start arrives through the task, after the reads were started.</summary>
    private async Task<ProbeResult> ProveAsync(BucketRegistration registration, CancellationToken cancellationToken) =>
        await probe.ProbeAsync(registration.ToProbeRequest(), cancellationToken).ConfigureAwait(false);

    /// <summary>Cancels a provider check whose answer is no longer needed and waits for it, so nothing outlives the request.</summary>
    private static async Task AbandonAsync(Task<ProbeResult>? probing, CancellationTokenSource cancellation)
    {
        if (probing is null)
        {
            return;
        }

        await cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await probing.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its answer, or its failure, is discarded: the request was already refused or failed for another reason.
        }
    }

    /// <summary>
    /// Vault first, then the table: a bucket row never exists without its credential. Once the vault holds the
    /// entry the commit is not cancelled midway, because a cancelled commit could not tell whether to clean up.
    /// </summary>
    private async Task<Result<Bucket>> CommitAsync(
        Bucket bucket, StorageCredential credential, QuotaReading? quota, IdempotencyCompletion<Bucket>? completion,
        CancellationToken cancellationToken)
    {
        try
        {
            if (bucket.ApiKeyId is null)
            {
                var version = await vault.PutAsync(bucket.OwnCredentialScope(), credential, cancellationToken).ConfigureAwait(false);
                bucket = bucket with { CredentialVersion = version };
            }
        }
        catch (CredentialVaultUnavailableException)
        {
            // Nothing is stored yet: the table was not touched. The vault adapter has logged what it was answered.
            return BucketFailures.VaultUnavailable();
        }

        CreateBucketOutcome outcome;
        try
        {
            outcome = await buckets.TryCreateAsync(bucket, quota, completion, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StoreContentionException)
        {
            // An error may mean the answer was lost, not the commit: look before removing the credential.
            if (await CommittedAnywayAsync(bucket, e).ConfigureAwait(false))
            {
                return bucket;
            }

            throw;
        }
        catch (StoreContentionException)
        {
            await RemoveCredentialAsync(bucket).ConfigureAwait(false);  // nothing was written: every attempt was refused
            throw;
        }

        if (outcome is not CreateBucketOutcome.Created)
        {
            await RemoveCredentialAsync(bucket).ConfigureAwait(false);
        }

        return outcome switch
        {
            CreateBucketOutcome.Created created => created.Bucket,
            CreateBucketOutcome.DuplicateName => BucketFailures.DuplicateName(),
            CreateBucketOutcome.QuotaExceeded exceeded => BucketFailures.TooManyBuckets(exceeded.Usage),
            CreateBucketOutcome.LeaseLost => IdempotencyFailures.InProgress(),
            CreateBucketOutcome.ApiKeyNotFound => Failure.Validation([ProviderKeys.ProviderKeyFailures.Unknown()]),
            CreateBucketOutcome.ApiKeyFull => Failure.Validation([ProviderKeys.ProviderKeyFailures.Full()]),
            CreateBucketOutcome.ApiKeyChanged => throw new StoreContentionException(1),  // rotated meanwhile: retry proves the new secret
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>
    /// True when the bucket row exists although its commit reported an error. False after removing the credential
    /// when it provably does not; when that cannot be told, the credential stays for the sweep (an orphaned vault
    /// entry is harmless, a bucket without its credential is not).
    /// </summary>
    private async Task<bool> CommittedAnywayAsync(Bucket bucket, Exception commitError)
    {
        Bucket? stored;
        try
        {
            stored = await buckets.GetAsync(bucket.OrganizationId, bucket.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(
                "Could not tell whether bucket {BucketId} of {OrganizationId} was committed ({CommitError}); its credential is kept "
                + "for the sweep: {Error}",
                bucket.Id, bucket.OrganizationId, commitError.GetType().Name, SafeException.Describe(e));
            return false;
        }

        if (stored is not null)
        {
            logger.LogWarning(
                "The commit of bucket {BucketId} of {OrganizationId} reported an error but landed; answering success: {Error}",
                bucket.Id, bucket.OrganizationId, SafeException.Describe(commitError));
            return true;
        }

        await RemoveCredentialAsync(bucket).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// The bucket id was minted by this request, so every version under it is one this request wrote: all of it goes
    /// (in Key Vault the whole secret, rather than a disabled version left behind). A bucket on a provider key wrote none.
    /// </summary>
    private async Task RemoveCredentialAsync(Bucket bucket)
    {
        if (bucket.ApiKeyId is null)
        {
            await vault.DestroyQuietlyAsync(bucket.OwnCredentialScope(), "uncommitted bucket", logger).ConfigureAwait(false);
        }
    }
}
