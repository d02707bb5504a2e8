using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Provisioning;
using BucketFunctions.Infrastructure.Probing;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>One call to the provider: the request field it serves (null: the bucket itself), the operation's name, the call.</summary>
internal sealed record ProvisionStep(string? Setting, string Operation, Func<CancellationToken, Task> Call);

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
        string bucketName, string where, ProvisionStep create, IReadOnlyList<ProvisionStep> settings, ProvisionStep delete,
        Classifier classify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(classify);
        var failure = await RunAsync(create, where, classify, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        foreach (var step in settings)
        {
            try
            {
                failure = await RunAsync(step, where, classify, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up: the bucket made for it must not stay behind.
                await RollBackAsync(bucketName, where, delete, classify).ConfigureAwait(false);
                throw;
            }

            if (failure is not null)
            {
                var deleted = await RollBackAsync(bucketName, where, delete, classify).ConfigureAwait(false);
                return failure with
                {
                    Message = failure.Message + (deleted
                        ? " The bucket that was created for it has been deleted again; nothing was registered."
                        : $" The bucket that was created for it could not be deleted again: delete '{bucketName}' at the provider."),
                };
            }
        }

        LogCreated(bucketName, where, settings.Count);
        return new ProvisionResult(ProvisionOutcome.Created, $"Bucket '{bucketName}' was created at {where}.");
    }

    /// <summary>Deletes a bucket: <see cref="ProvisionOutcome.Deleted"/>, or the classified reason it was not.</summary>
    public async Task<ProvisionResult> DeleteAsync(
        string bucketName, string where, ProvisionStep delete, Classifier classify, CancellationToken cancellationToken) =>
        await RunAsync(delete, where, classify, cancellationToken).ConfigureAwait(false)
            ?? new ProvisionResult(ProvisionOutcome.Deleted, $"Bucket '{bucketName}' was deleted at {where}.");

    /// <summary>
    /// Applies changes to a registered bucket in turn. Nothing is rolled back (the bucket is the client's): a failure names
    /// its setting and says that the ones before it were applied.
    /// </summary>
    public async Task<ProvisionResult> UpdateAsync(
        string bucketName, string where, IReadOnlyList<ProvisionStep> changes, Classifier classify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var applied = new List<string>();
        foreach (var step in changes)
        {
            if (await RunAsync(step, where, classify, cancellationToken).ConfigureAwait(false) is { } failure)
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

        return new ProvisionResult(ProvisionOutcome.Updated, $"Changed the settings of bucket '{bucketName}' at {where}.");
    }

    /// <summary>
    /// Runs read calls in turn (each stores what it read); the settings <paramref name="read"/> builds, or the first failure.
    /// </summary>
    public async Task<ProvisionResult> ReadAsync(
        string bucketName, string where, IReadOnlyList<ProvisionStep> reads, Func<ProvisionSettings> read, Classifier classify,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(read);
        foreach (var step in reads)
        {
            if (await RunAsync(step, where, classify, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }
        }

        return new ProvisionResult(ProvisionOutcome.Read, $"Read the settings of bucket '{bucketName}' at {where}.") { Settings = read() };
    }

    private async Task<bool> RollBackAsync(string bucketName, string where, ProvisionStep delete, Classifier classify)
    {
        var result = await RunAsync(delete, where, classify, CancellationToken.None).ConfigureAwait(false);
        if (result is null)
        {
            LogRolledBack(bucketName, where);
            return true;
        }

        LogOrphan(bucketName, where, result.Outcome, result.ProviderCode ?? "-");
        return false;
    }

    /// <summary>One step within the probe timeout; null when it succeeded. Only the caller's cancellation escapes.</summary>
    private async Task<ProvisionResult?> RunAsync(ProvisionStep step, string where, Classifier classify, CancellationToken cancellationToken)
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
            if (!bounded.IsCancellationRequested && classify(e, step) is { } classified)
            {
                return classified;
            }

            if (ProviderFailure.FromTransport(e, bounded.IsCancellationRequested, http.Timeout, where) is { } transport)
            {
                return new ProvisionResult(
                    transport.Outcome == ProbeOutcome.EndpointNotAllowed
                        ? ProvisionOutcome.EndpointNotAllowed
                        : ProvisionOutcome.ProviderUnavailable,
                    $"{step.Operation}: {transport.Message}", step.Setting);
            }

            LogNotUnderstood(step.Operation, where, SafeException.Describe(e));
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
