using System.Diagnostics;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The one guarded HTTP stack every provider call goes through (a DI singleton): the <see cref="EndpointGuard"/>'s handler,
/// shared by the AWS, Azure.Core and Google clients, and the bound of one check (<see cref="EndpointOptions.ProbeTimeout"/>).
/// </summary>
internal sealed partial class ProviderHttp : IDisposable
{
    private readonly ILogger logger;

    /// <remarks>The timeout's bounds are checked once, at start (Endpoints:ProbeTimeout in AddBucketFunctionsCore).</remarks>
    public ProviderHttp(EndpointGuard guard, ILogger<ProviderHttp>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(guard);
        this.logger = logger ?? NullLogger<ProviderHttp>.Instance;
        Guard = guard;
        Timeout = guard.Options.ProbeTimeout;
        Handler = guard.CreateHandler();
        Client = new HttpClient(Handler, disposeHandler: false)
        {
            Timeout = Timeout + TimeSpan.FromSeconds(1), // backstop; each check's own token fires first
        };
    }

    public EndpointGuard Guard { get; }

    /// <summary>The whole of one check (every call it makes) must finish within this.</summary>
    public TimeSpan Timeout { get; }

    public HttpMessageHandler Handler { get; }

    public HttpClient Client { get; }

    /// <summary>A token that fires when the caller cancels or when <see cref="Timeout"/> has passed.</summary>
    public CancellationTokenSource Bound(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        return bounded;
    }

    /// <summary>
    /// Runs one check's calls within <see cref="Timeout"/>. A refusal by the guard, a timeout, a network failure, or an
    /// answer the check could not understand (a parse error) becomes a <see cref="ProviderFailure"/>; only the caller's
    /// cancellation escapes.
    /// </summary>
    public async Task<ProviderFailure?> RunAsync(
        string where, string serviceName, Func<CancellationToken, Task<ProviderFailure?>> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        using var bounded = Bound(cancellationToken);
        try
        {
            return await check(bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ProviderFailure.FromTransport(e, bounded.IsCancellationRequested, Timeout, where) is { } transport)
            {
                return transport;
            }

            // An answer a client library could not parse — or a bug of ours: the types tell which, the message may quote the answer.
            logger.LogWarning("{Service} at {Where}: the answer was not understood: {Error}", serviceName, where, SafeException.Describe(e));
            return ProviderFailure.Garbled(where, serviceName);
        }
    }

    /// <summary>
    /// How every provider check ends: <see cref="RunAsync"/> timed, one log line with the outcome, and the report — verified
    /// with <paramref name="verifiedMessage"/>, or the failure at its step — carrying each step's detail.
    /// </summary>
    public async Task<ProbeResult> CheckAsync(
        ProbeRequest request, string where, string serviceName, string verifiedMessage, IReadOnlyDictionary<string, string> details,
        Func<CancellationToken, Task<ProviderFailure?>> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var failure = await RunAsync(where, serviceName, check, cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();
        LogOutcome(serviceName, request.BucketName, failure?.Outcome ?? ProbeOutcome.Verified, failure?.ProviderCode ?? "-",
            (long)stopwatch.Elapsed.TotalMilliseconds);
        return failure?.ToResult(request, stopwatch.Elapsed, details)
            ?? ProbeReport.Verified(request, verifiedMessage, stopwatch.Elapsed, details: details);
    }

    /// <summary>What a passed check says: <paramref name="who"/> may list the bucket (with a write check, write and delete too).</summary>
    public static string VerifiedMessage(ProbeRequest request, string who, string bucketNoun) => request.CheckWrite
        ? $"{who} list, write to and delete from {bucketNoun} '{request.BucketName}'."
        : $"{who} list {bucketNoun} '{request.BucketName}'.";

    /// <summary>A response body, or null when it is larger than <paramref name="maxBytes"/> (no provider answer we read is).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "{Service} credential check for bucket {Bucket}: {Outcome} (provider code {ProviderCode}) in {LatencyMs} ms")]
    private partial void LogOutcome(string service, string bucket, ProbeOutcome outcome, string providerCode, long latencyMs);
}
