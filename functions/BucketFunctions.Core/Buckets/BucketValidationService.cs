using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Tokens;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Core.Buckets;

/// <summary>
/// The per-check validation report (docs/API.md): for a create body without storing anything, or for a stored
/// bucket with its stored credential, whose <c>status</c> and <c>lastStatusAt</c> it then records (the revision stays).
/// Whatever the provider said is a report; only a request that cannot be checked at all — invalid, an endpoint the
/// guard refuses, an unknown bucket or workspace — is a refusal.
/// </summary>
public sealed class BucketValidationService(
    BucketBodyCheck bodies,
    BucketAccess access,
    IBucketStore buckets,
    IStorageProbe probe,
    ICredentialVault vault,
    Monitoring.IBucketHealthStore health,
    Monitoring.CheckerIdentity checker,
    TimeProvider time)
{
    public async Task<Result<ValidationReport>> ValidateNewAsync(Caller caller, BucketRegistrationInput input, bool write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var checkedBody = await bodies.CheckAsync(caller, input, secretIsStored: false, cancellationToken).ConfigureAwait(false);
        if (!checkedBody.Succeeded)
        {
            return checkedBody.Failure!;
        }

        var registration = checkedBody.Value.Registration;
        if (await access.CheckWorkspaceAsync(caller, registration.WorkspaceId, cancellationToken).ConfigureAwait(false) is { } workspaceFailure)
        {
            return workspaceFailure;
        }

        return Report(await probe.ProbeAsync(registration.ToProbeRequest(write), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Checks a stored bucket. Without <paramref name="changes"/> (or with an empty body) it checks the bucket with its
    /// stored credential. With them — Flashback's <c>{bucket, key?, secret?, endpoint?}</c>, or any bucket field — it
    /// checks the bucket as a PUT with that body would leave it, the stored credential completing a partial one, and
    /// stores nothing. The status is recorded only when what was checked is the stored bucket as it is.
    /// </summary>
    public async Task<Result<ValidationReport>> ValidateStoredAsync(
        Caller caller, string bucketId, BucketUpdateInput? changes, bool write, CancellationToken cancellationToken)
    {
        if (changes?.CheckCleared() is { } clearFailure)
        {
            return clearFailure;
        }

        Bucket bucket;
        StorageCredential? credential;
        var reads = 0;
        do
        {
            var found = await access.FindAsync(caller, bucketId, cancellationToken).ConfigureAwait(false);
            if (!found.Succeeded)
            {
                return found.Failure!;
            }

            bucket = found.Value;
            try
            {
                credential = await vault.GetAsync(bucket.CredentialScope(), cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialVaultUnavailableException)
            {
                return BucketFailures.VaultUnavailable();
            }
        }
        while (credential is null && ++reads < 2);  // a credential change that committed meanwhile discards the version read

        var storedRequest = credential is null ? null : bucket.ToProbeRequest(credential, write);
        ProbeRequest request;
        if (changes is null || changes.IsEmpty)
        {
            if (storedRequest is null)
            {
                return Failure.Validation([new FieldError(RegistrationFields.Secret,
                    "This bucket's stored credential could not be found; update the bucket with key and secret.")]);
            }

            request = storedRequest;
        }
        else if (changes.Over(bucket, credential) is not { } merged)
        {
            return BucketUpdateInput.CredentialMissing(bucket);
        }
        else
        {
            var checkedBody = await bodies.CheckAsync(
                caller, merged, secretIsStored: merged.Secret is not null && merged.Secret.Equals(credential?.Secret), cancellationToken)
                .ConfigureAwait(false);
            if (!checkedBody.Succeeded)
            {
                return checkedBody.Failure!;
            }

            request = checkedBody.Value.Registration.ToProbeRequest(write);
        }

        var report = Report(await probe.ProbeAsync(request, cancellationToken).ConfigureAwait(false));
        if (report.Succeeded && request with { ServiceAccount = null } == storedRequest)
        {
            // The same record a scheduled check leaves, so manual and scheduled checks tell one story.
            var at = time.GetUtcNow();
            await buckets.RecordStatusAsync(bucket, report.Value.Status, at, report.Value.Latency, cancellationToken).ConfigureAwait(false);
            await health.RecordAsync(
                new Monitoring.BucketCheck(bucket.OrganizationId, bucket.Id, checker.Region, checker.Version, checker.Host,
                    report.Value.Status, (long)report.Value.Latency.TotalMilliseconds, at),
                claim: null, pruned: false, cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    private static Result<ValidationReport> Report(ProbeResult result) =>
        result.Outcome == ProbeOutcome.EndpointNotAllowed
            ? ProbeFailures.From(result)
            : new ValidationReport(result.Outcome == ProbeOutcome.Verified, BucketStatuses.From(result.Outcome), result.Message, result.Latency, result.Checks);
}

/// <summary>What a validation found: each check in order, the bucket status it means, and how long the provider took.</summary>
public sealed record ValidationReport(bool Passed, BucketStatus Status, string Message, TimeSpan Latency, IReadOnlyList<ProbeCheck> Checks);
