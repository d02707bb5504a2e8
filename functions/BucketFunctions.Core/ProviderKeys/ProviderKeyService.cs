using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using F = BucketFunctions.Core.ProviderKeys.ProviderKeyFields;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// Flashback's <c>/apikeys</c>: provider credentials an organization stores once and registers buckets with. The
/// credential goes to the vault (vault first, then the row), never to a response, a log or a table. A change of key or
/// secret is a rotation: the new credential is proven against every bucket that uses the key before anything is stored,
/// and then the key and all those buckets move to it in one transaction; one bucket that refuses it, and nothing is
/// stored. A key's endpoint and region apply to buckets registered with it afterwards (they are copied into the bucket),
/// so changing them, its provider within one storage type, or its description needs no proof.
/// </summary>
public sealed class ProviderKeyService(
    ProviderKeyValidator validator,
    ProviderKeyAccess access,
    BucketAccess buckets,
    IProviderKeyStore keys,
    IStorageProbe probe,
    ICredentialVault vault,
    TimeProvider time,
    ILogger<ProviderKeyService> logger)
{
    /// <summary>The filter <c>capability</c> Flashback's client sends: its <c>ProviderCapability</c> bit mask.</summary>
    public const string CapabilityFilter = "capability";

    public const string ProviderFilter = F.Provider;

    /// <summary><c>ProviderCapability.Storage</c>, the one capability of a storage key.</summary>
    private const int StorageCapability = 0x1;

    /// <summary>A rotation whose reads went stale is read and proven again, this many times at most.</summary>
    private const int MaxAttempts = 3;

    /// <summary>Buckets proven at once during a rotation: each proof waits on a provider, not on this machine.</summary>
    private const int ConcurrentProofs = 8;

    public async Task<Result<ProviderKey>> CreateAsync(Caller caller, ProviderKeyInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var validation = validator.Validate(input);
        if (!validation.IsValid)
        {
            return Failure.Validation(validation.Errors);
        }

        var registration = validation.Value!;
        if (await buckets.CheckWorkspaceAsync(caller, registration.WorkspaceId, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var id = Guid.NewGuid();
        var scope = new CredentialScope(caller.OrganizationId, id);
        string version;
        try
        {
            version = await vault.PutAsync(scope, registration.Credential, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialVaultUnavailableException)
        {
            return BucketFailures.VaultUnavailable();
        }

        var now = time.GetUtcNow();
        var key = registration.Over(new ProviderKey
        {
            Id = id,
            OrganizationId = caller.OrganizationId,
            WorkspaceId = registration.WorkspaceId,
            ProviderName = registration.ProviderName,
            KeyHint = string.Empty,
            CredentialVersion = version,
            BucketCount = 0,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        });
        try
        {
            // Once the vault holds the entry the row is written whatever the client does, so the two never disagree.
            await keys.CreateAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!await LandedAsync(key, e).ConfigureAwait(false))
            {
                throw;
            }
        }

        return key;
    }

    /// <summary>
    /// The keys the caller may see, oldest first: of one workspace, one provider (as spelled when stored; AWS and S3 are
    /// two providers here, as in Flashback) and one capability mask, each when given.
    /// </summary>
    public async Task<Result<IReadOnlyList<ProviderKey>>> ListAsync(
        Caller caller, string? workspaceId, string? provider, string? capability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new List<FieldError>();
        errors.AddIfAny(workspaceId is null ? null : IdentifierRules.Check(workspaceId, F.WorkspaceId));

        var mask = 0;
        if (capability is not null && !(int.TryParse(capability, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out mask) && mask <= 0xff))
        {
            errors.Add(new FieldError(
                CapabilityFilter, "The capability must be a ProviderCapability bit mask, a whole number from 0 to 255."));
        }

        if (BucketAccess.RefuseListing(caller, workspaceId, errors) is { } refusal)
        {
            return refusal;
        }

        // A name no key can have (OPENAI, say: Flashback's client asks for AI providers too) simply matches nothing.
        string? spelling = null;
        var providerKnown = provider is null || ProviderNames.TryParse(provider, out _, out spelling);
        var all = await keys.ListAsync(caller.OrganizationId, cancellationToken).ConfigureAwait(false);
        return all.Where(k => caller.MayUse(k.WorkspaceId)
                && (workspaceId is null || k.WorkspaceId == workspaceId)
                && providerKnown && (spelling is null || k.ProviderName == spelling)
                && (capability is null || (mask & StorageCapability) != 0))
            .ToList();
    }

    /// <summary>
    /// A partial change: the fields given over the stored ones, those sent as null (endpoint, region, description)
    /// removed. A new key or secret is a rotation (see the class summary); the answer says how many buckets were proven.
    /// </summary>
    public async Task<Result<ProviderKeyChange>> UpdateAsync(
        Caller caller, string keyId, ProviderKeyChanges input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var refused = input.Cleared.Where(f => !F.Clearable.Contains(f)).Order(StringComparer.Ordinal)
            .Select(f => new FieldError(f, $"The {f} field cannot be removed; leave it out to keep its value.")).ToList();
        if (refused.Count > 0)
        {
            return Failure.Validation(refused);
        }

        var proven = new Dictionary<Guid, ProbeRequest>();
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await TryUpdateOnceAsync(caller, keyId, input, proven, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            if (attempt >= MaxAttempts)
            {
                throw new StoreContentionException(attempt);
            }
        }
    }

    /// <summary>Deletes a key no bucket uses (409 naming how many do) and destroys its credential.</summary>
    public async Task<Result<ProviderKey>> DeleteAsync(Caller caller, string keyId, CancellationToken cancellationToken)
    {
        var found = await access.FindAsync(caller, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var key = found.Value;
        if (key.BucketCount > 0)
        {
            return ProviderKeyFailures.InUse(key.BucketCount);
        }

        switch (await keys.TryDeleteAsync(key.OrganizationId, key.Id, cancellationToken).ConfigureAwait(false))
        {
            case ProviderKeyWrite.InUse inUse:
                return ProviderKeyFailures.InUse(inUse.BucketCount);
            case ProviderKeyWrite.NotFound:
                return ProviderKeyFailures.NotFound();
        }

        await vault.DestroyQuietlyAsync(new CredentialScope(key.OrganizationId, key.Id), "deleted provider key", logger)
            .ConfigureAwait(false);

        return key;
    }

    /// <summary>The change against one read of the key and its buckets; null when either moved on and it must be read again.</summary>
    private async Task<Result<ProviderKeyChange>?> TryUpdateOnceAsync(
        Caller caller, string keyId, ProviderKeyChanges input, Dictionary<Guid, ProbeRequest> proven, CancellationToken cancellationToken)
    {
        var found = await access.FindAsync(caller, keyId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found.Failure!;
        }

        var key = found.Value;
        StorageCredential? stored;
        try
        {
            stored = await vault.GetAsync(key.CredentialScope(), cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialVaultUnavailableException)
        {
            return BucketFailures.VaultUnavailable();
        }

        var changes = input.Changes;
        var merged = new ProviderKeyInput
        {
            Key = changes.Key ?? stored?.Key,
            Secret = changes.Secret ?? stored?.Secret,
            Endpoint = input.Cleared.Contains(F.Endpoint) ? null : changes.Endpoint ?? key.Endpoint,
            Region = input.Cleared.Contains(F.Region) ? null : changes.Region ?? key.Region,
            Provider = changes.Provider ?? key.ProviderName,
            Description = input.Cleared.Contains(F.Description) ? null : changes.Description ?? key.Description,
            WorkspaceId = changes.WorkspaceId ?? key.WorkspaceId,
        };
        if (stored is null && (merged.Key is null || merged.Secret is null))
        {
            // A rotation that committed since discards the version read: read again. Otherwise the entry is gone for good.
            if ((await keys.GetAsync(key.OrganizationId, key.Id, cancellationToken).ConfigureAwait(false))?.Revision != key.Revision)
            {
                return null;
            }

            const string missing = "This key's stored credential could not be found; send both key and secret.";
            return Failure.Validation([new FieldError(F.Key, missing), new FieldError(F.Secret, missing)]);
        }

        var validation = validator.Validate(merged, secretIsStored: merged.Secret!.Equals(stored?.Secret));
        if (!validation.IsValid)
        {
            return Failure.Validation(validation.Errors);
        }

        var next = validation.Value!;
        if (next.StorageType != key.StorageType && key.BucketCount > 0)
        {
            return Failure.Validation([new FieldError(F.Provider, $"{key.BucketCount} bucket(s) use this key as "
                + $"{key.StorageType.ToWireName()}; its provider can only change to another of that storage type.")]);
        }

        if (next.WorkspaceId != key.WorkspaceId
            && await buckets.CheckWorkspaceAsync(caller, next.WorkspaceId, cancellationToken).ConfigureAwait(false) is { } workspaceFailure)
        {
            return workspaceFailure;
        }

        var rotating = next.Credential != stored;  // by value: key and secret (SecretString compares in fixed time)
        var updated = next.Over(key);
        if (!rotating && updated == key)
        {
            return new ProviderKeyChange(key, 0);  // every field as stored: no change
        }

        var now = time.GetUtcNow();
        updated = updated with { UpdatedAt = now, Revision = key.Revision + 1 };
        IReadOnlyList<Bucket> rewritten = [];
        if (rotating)
        {
            var users = await keys.ListBucketsAsync(key.OrganizationId, key.Id, cancellationToken).ConfigureAwait(false);
            var unproven = await ProveAllAsync(users, next.Credential, proven, cancellationToken).ConfigureAwait(false);
            if (unproven.Count > 0)
            {
                logger.LogInformation(
                    "Refused the rotation of provider key {KeyId} of {OrganizationId}: {Unproven} of {BucketCount} bucket(s) not proven",
                    key.Id, key.OrganizationId, unproven.Count, users.Count);
                var unavailable = unproven.All(u => u.Outcome == ProbeOutcome.ProviderUnavailable);
                var fields = new[] { (F.Key, changes.Key is not null), (F.Secret, changes.Secret is not null) }
                    .Where(f => f.Item2).Select(f => f.Item1).ToList();
                return ProviderKeyFailures.RotationRefused([.. unproven.Select(u => u.Bucket)], unavailable, users.Count, fields);
            }

            try
            {
                var version = await vault.PutAsync(new CredentialScope(key.OrganizationId, key.Id), next.Credential, cancellationToken)
                    .ConfigureAwait(false);
                updated = updated with { CredentialVersion = version };
            }
            catch (CredentialVaultUnavailableException)
            {
                return BucketFailures.VaultUnavailable();
            }

            rewritten = users.Select(b => b with
            {
                CredentialVersion = updated.CredentialVersion,
                KeyHint = updated.KeyHint,
                Status = BucketStatus.Online,
                LastStatusAt = now,
                UpdatedAt = now,
                Revision = b.Revision + 1,
            }).ToList();
        }

        ProviderKeyWrite outcome;
        try
        {
            outcome = await keys.TryReplaceAsync(updated, key.Revision, rewritten, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // An error may mean the answer was lost, not the commit. A new version that did not land is one nothing
            // names: the sweep discards it.
            if (!await LandedAsync(updated, e).ConfigureAwait(false))
            {
                throw;
            }

            outcome = new ProviderKeyWrite.Done();
        }

        if (rotating)
        {
            // Committed: the old version is nothing's any more. Refused: the new one never was.
            var unused = outcome is ProviderKeyWrite.Done ? key.CredentialScope() : updated.CredentialScope();
            await vault.DiscardQuietlyAsync(unused, "provider key", logger).ConfigureAwait(false);
        }

        switch (outcome)
        {
            case ProviderKeyWrite.Done:
                if (rotating)
                {
                    logger.LogInformation("Rotated provider key {KeyId} of {OrganizationId}: {BucketCount} bucket(s) proven and moved",
                        key.Id, key.OrganizationId, rewritten.Count);
                }

                return new ProviderKeyChange(updated, rewritten.Count);
            case ProviderKeyWrite.NotFound:
                return ProviderKeyFailures.NotFound();
            default:
                return null;
        }
    }

    /// <summary>
    /// Proves <paramref name="credential"/> against each bucket where it lives, a few at a time; a bucket proven in an
    /// earlier attempt of this rotation, and still where it was, is not asked again. The ones it failed for, in order.
    /// </summary>
    private async Task<List<(UnprovenBucket Bucket, ProbeOutcome Outcome)>> ProveAllAsync(
        IReadOnlyList<Bucket> users,
        StorageCredential credential,
        Dictionary<Guid, ProbeRequest> proven,
        CancellationToken cancellationToken)
    {
        var requests = users.Select(b => (Bucket: b, Request: b.ToProbeRequest(credential)))
            .Where(p => !(proven.TryGetValue(p.Bucket.Id, out var done) && done == p.Request))
            .ToList();
        var results = new ProbeResult[requests.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentProofs, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await probe.ProbeAsync(requests[i].Request, token).ConfigureAwait(false))
            .ConfigureAwait(false);

        var unproven = new List<(UnprovenBucket, ProbeOutcome)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (bucket, request) = requests[i];
            if (results[i].Succeeded)
            {
                proven[bucket.Id] = request;
            }
            else
            {
                unproven.Add((new UnprovenBucket(bucket.Id, bucket.Name, BucketStatuses.From(results[i].Outcome), results[i].Message),
                    results[i].Outcome));
            }
        }

        return unproven;
    }

    /// <summary>
    /// True when the key row this write meant is stored although the write reported an error (the same revision and
    /// time); false when it is not, or when that cannot be told.
    /// </summary>
    private async Task<bool> LandedAsync(ProviderKey attempted, Exception writeError)
    {
        ProviderKey? stored;
        try
        {
            stored = await keys.GetAsync(attempted.OrganizationId, attempted.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not tell whether the write of provider key {KeyId} of {OrganizationId} landed ({WriteError}): {Error}",
                attempted.Id, attempted.OrganizationId, writeError.GetType().Name, SafeException.Describe(e));
            return false;
        }

        var landed = stored is not null && stored.Revision == attempted.Revision && stored.UpdatedAt == attempted.UpdatedAt;
        if (landed)
        {
            logger.LogWarning(
                "The write of provider key {KeyId} of {OrganizationId} reported an error but landed; answering success: {Error}",
                attempted.Id, attempted.OrganizationId, SafeException.Describe(writeError));
        }

        return landed;
    }
}

/// <summary>A key as a change left it, and how many buckets were proven with (and moved to) its new credential.</summary>
public sealed record ProviderKeyChange(ProviderKey Key, int BucketsProven);
