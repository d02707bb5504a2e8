using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;

namespace BucketFunctions.Core.Provisioning;

/// <summary>
/// A registered bucket at its provider, with the credential it is stored with: what reading its settings back
/// (<c>GET /bucket/{id}?settings=true</c>) and deleting it there (<c>DELETE …?deleteAtProvider=true</c>) both start from.
/// </summary>
public sealed class StoredBucketAtProvider(BucketAccess access, ICredentialVault vault, IBucketProvisioner provisioner)
{
    /// <summary>The bucket, and with <paramref name="readSettings"/> its settings as the provider holds them now.</summary>
    public async Task<Result<BucketWithSettings>> FindAsync(
        Caller caller, string bucketId, bool readSettings, CancellationToken cancellationToken)
    {
        var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        if (!readSettings)
        {
            return new BucketWithSettings(found.Value, null);
        }

        var request = await RequestAsync(found.Value, cancellationToken).ConfigureAwait(false);
        if (!request.Succeeded)
        {
            return request.Failure!;
        }

        var read = await provisioner.ReadAsync(request.Value, cancellationToken).ConfigureAwait(false);
        return read.Outcome == ProvisionOutcome.Read ? new BucketWithSettings(found.Value, read.Settings) : ProvisionFailures.From(read);
    }

    /// <summary>
    /// Changes what the provider allows after creation (<c>PUT /bucket/{id}</c> with <c>provision</c>): the rules first, then
    /// the provider's current state decides what it refuses — versioning is never switched off once on, and a retention
    /// default needs a bucket made with object lock.
    /// </summary>
    public async Task<Result<Bucket>> ChangeAsync(
        Caller caller, string bucketId, ProvisionInput input, long? expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var bucket = found.Value;
        if (expectedRevision is { } expected && expected != bucket.Revision)
        {
            return BucketFailures.RevisionMismatch(bucket.Revision);
        }

        var rules = ProvisionRules.CheckChange(input, bucket.StorageType);
        if (!rules.IsValid)
        {
            return Failure.Validation(rules.Errors);
        }

        var request = await RequestAsync(bucket, cancellationToken).ConfigureAwait(false);
        if (!request.Succeeded)
        {
            return request.Failure!;
        }

        var (change, versioningOff) = rules.Value!;
        if (versioningOff || change.Retention is not null)
        {
            var current = await provisioner.ReadAsync(request.Value, cancellationToken).ConfigureAwait(false);
            if (current.Outcome != ProvisionOutcome.Read)
            {
                return ProvisionFailures.From(current);
            }

            var refusals = new List<Validation.FieldError>();
            if (versioningOff && current.Settings!.Versioning)
            {
                refusals.Add(new(ProvisionRules.Name("versioning"),
                    "Versioning cannot be switched off once it is on (S3 and GCS can only suspend it, and object lock needs it).",
                    Validation.FieldErrorKind.OptionNotSupported));
            }

            if (change.Retention is not null && !current.Settings!.FileLock)
            {
                refusals.Add(new(ProvisionRules.Name("defaultRetention"),
                    "This bucket was made without object lock, which is switched on only when a bucket is created.",
                    Validation.FieldErrorKind.OptionNotSupported));
            }

            if (refusals.Count > 0)
            {
                return Failure.Validation(refusals);
            }
        }

        var changed = await provisioner.UpdateAsync(request.Value, change, cancellationToken).ConfigureAwait(false);
        return changed.Outcome == ProvisionOutcome.Updated ? bucket : ProvisionFailures.From(changed);
    }

    /// <summary>The provider side of <paramref name="bucket"/> with its stored credential, or why it cannot be had.</summary>
    public async Task<Result<ProvisionRequest>> RequestAsync(Bucket bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        StorageCredential? credential;
        try
        {
            credential = await vault.GetAsync(bucket.CredentialScope(), cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialVaultUnavailableException)
        {
            return BucketFailures.VaultUnavailable();
        }

        return credential is null
            ? new Failure(FailureKind.ProviderUnavailable, "Credential unavailable",
                "The bucket's stored credential could not be read, so the provider was not asked; nothing was changed.")
            : ProvisionRequest.ForStored(bucket, credential);
    }
}

/// <summary>A bucket and, when they were asked for, its settings at the provider.</summary>
public sealed record BucketWithSettings(Bucket Bucket, ProvisionSettings? Settings);
