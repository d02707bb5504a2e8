using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Infrastructure.Probing;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>One call to the provider: the request field it serves (null: the bucket itself), the operation's name, the call.</summary>
internal sealed record ProvisionStep(string? Setting, string Operation, Func<CancellationToken, Task> Call);

/// <summary>What the steps of one operation share: the bucket, where it is (for messages and logs), how errors read.</summary>
internal sealed record ProvisionTarget(string BucketName, string Where, ProvisionSteps.Classifier Classify);

/// <summary>
/// How every provider creates a bucket: create it, apply each setting in turn, and when any step fails delete the bucket
/// just made (it is still empty) before answering — also when the caller cancels or the provider stops answering. Each
/// call is bounded by the probe timeout. A provider's own errors are read by its classifier; transport failures (guard,
/// timeout, network) the same way for all. A bucket that cannot be deleted again is logged by name (never a secret).
/// </summary>
internal sealed partial class ProvisionSteps(ProviderHttp http, ILogger<ProvisionSteps> logger)
{
    /// <summary>Reads a provider exception as a result for the step that failed; null when it is not the provider's answer.</summary>
    public delegate ProvisionResult? Classifier(Exception error, ProvisionStep step);

    public ProviderHttp Http => http;

    public async Task<ProvisionResult> CreateAsync(
        ProvisionTarget target, ProvisionStep create, IReadOnlyList<ProvisionStep> settings, ProvisionStep delete,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        var failure = await RunAsync(create, target, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        foreach (var step in settings)
        {
            try
            {
                failure = await RunAsync(step, target, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up: the bucket made for it must not stay behind.
                await RollBackAsync(target, delete).ConfigureAwait(false);
                throw;
            }

            if (failure is not null)
            {
                var deleted = await RollBackAsync(target, delete).ConfigureAwait(false);
                return failure with
                {
                    Message = failure.Message + (deleted
                        ? " The bucket that was created for it has been deleted again; nothing was registered."
                        : $" The bucket that was created for it could not be deleted again: delete '{target.BucketName}' at the provider."),
                };
            }
        }

        LogCreated(target.BucketName, target.Where, settings.Count);
        return new ProvisionResult(ProvisionOutcome.Created, $"Bucket '{target.BucketName}' was created at {target.Where}.");
    }

    /// <summary>Deletes a bucket: <see cref="ProvisionOutcome.Deleted"/>, or the classified reason it was not.</summary>
    public async Task<ProvisionResult> DeleteAsync(ProvisionTarget target, ProvisionStep delete, CancellationToken cancellationToken) =>
        await RunAsync(delete, target, cancellationToken).ConfigureAwait(false)
            ?? new ProvisionResult(ProvisionOutcome.Deleted, $"Bucket '{target.BucketName}' was deleted at {target.Where}.");

    /// <summary>
    /// Applies changes to a registered bucket in turn. Nothing is rolled back (the bucket is the client's): a failure names
    /// its setting and says that the ones before it were applied.
    /// </summary>
    public async Task<ProvisionResult> UpdateAsync(
        ProvisionTarget target, IReadOnlyList<ProvisionStep> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var applied = new List<string>();
        foreach (var step in changes)
        {
            if (await RunAsync(step, target, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure with
                {
                    Message = failure.Message + (applied.Count == 0
                        ? " Nothing was changed."
                        : $" Already applied: {string.Join(", ", applied.Distinct())}."),
                };
            }

            applied.Add(step.Setting ?? step.Operation);
        }

        return new ProvisionResult(ProvisionOutcome.Updated, $"Changed the settings of bucket '{target.BucketName}' at {target.Where}.");
    }

    /// <summary>
    /// Runs read calls in turn (each stores what it read); the settings <paramref name="read"/> builds, or the first failure.
    /// </summary>
    public async Task<ProvisionResult> ReadAsync(
        ProvisionTarget target, IReadOnlyList<ProvisionStep> reads, Func<ProvisionSettings> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(read);
        foreach (var step in reads)
        {
            if (await RunAsync(step, target, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }
        }

        return new ProvisionResult(ProvisionOutcome.Read, $"Read the settings of bucket '{target.BucketName}' at {target.Where}.")
        {
            Settings = read(),
        };
    }

    private async Task<bool> RollBackAsync(ProvisionTarget target, ProvisionStep delete)
    {
        var result = await RunAsync(delete, target, CancellationToken.None).ConfigureAwait(false);
        if (result is null)
        {
            LogRolledBack(target.BucketName, target.Where);
            return true;
        }

        LogOrphan(target.BucketName, target.Where, result.Outcome, result.ProviderCode ?? "-");
        return false;
    }

    /// <summary>One step within the probe timeout; null when it succeeded. Only the caller's cancellation escapes.</summary>
    private async Task<ProvisionResult?> RunAsync(ProvisionStep step, ProvisionTarget target, CancellationToken cancellationToken)
    {
        using var bounded = http.Bound(cancellationToken);
        try
        {
            await step.Call(bounded.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!bounded.IsCancellationRequested && target.Classify(e, step) is { } classified)
            {
                return classified;
            }

            if (ProviderFailure.FromTransport(e, bounded.IsCancellationRequested, http.Timeout, target.Where) is { } transport)
            {
                return new ProvisionResult(
                    transport.Outcome == ProbeOutcome.EndpointNotAllowed
                        ? ProvisionOutcome.EndpointNotAllowed
                        : ProvisionOutcome.ProviderUnavailable,
                    $"{step.Operation}: {transport.Message}", step.Setting);
            }

            LogNotUnderstood(step.Operation, target.Where, SafeException.Describe(e));
            return new ProvisionResult(ProvisionOutcome.ProviderUnavailable,
                $"{step.Operation}: the provider's answer could not be understood.", step.Setting);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bucket {Bucket} at {Where} with {Settings} setting call(s)")]
    private partial void LogCreated(string bucket, string where, int settings);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted bucket {Bucket} at {Where} again after a failed setting")]
    private partial void LogRolledBack(string bucket, string where);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Bucket {Bucket} at {Where} could not be deleted after a failed setting ({Outcome}, provider code {ProviderCode}): "
            + "it is an orphan")]
    private partial void LogOrphan(string bucket, string where, ProvisionOutcome outcome, string providerCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} at {Where}: the answer was not understood: {Error}")]
    private partial void LogNotUnderstood(string operation, string where, string error);
}
