using System.Diagnostics;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Diagnostics;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The app's <see cref="IStorageProbe"/>: sends each request to the registered <see cref="IStorageProvider"/> of its
/// storage type; a type without one answers <see cref="ProbeOutcome.NotSupported"/>. A provider that throws anyway is
/// reported as <see cref="ProbeOutcome.ProviderUnavailable"/>: no provider answer ever escapes as an exception.
/// </summary>
public sealed partial class StorageProbe : IStorageProbe
{
    private readonly IReadOnlyDictionary<StorageType, IStorageProvider> providers;
    private readonly ILogger<StorageProbe> logger;

    public StorageProbe(IEnumerable<IStorageProvider> providers, ILogger<StorageProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(logger);
        var byType = new Dictionary<StorageType, IStorageProvider>();
        foreach (var provider in providers)
        {
            if (!byType.TryAdd(provider.StorageType, provider))
            {
                throw new ArgumentException($"Two storage providers are registered for {provider.StorageType}.", nameof(providers));
            }
        }

        this.providers = byType;
        this.logger = logger;
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!providers.TryGetValue(request.StorageType, out var provider))
        {
            var message = $"{request.StorageType} credential checks are not supported.";
            return ProbeReport.Failed(request, ProbeOutcome.NotSupported, message, TimeSpan.Zero,
                ProbeCheckNames.EndpointAllowed, $"no credential check exists for {request.StorageType}");
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            return await provider.ProbeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's message may quote the provider; only its types are logged and nothing of it is returned.
            LogUnexpected(request.StorageType, SafeException.Describe(e));
            return ProbeReport.Failed(request, ProbeOutcome.ProviderUnavailable, "The provider's answer could not be understood.",
                stopwatch.Elapsed, ProbeCheckNames.Reachable, "the answer could not be understood");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{StorageType} credential check failed unexpectedly: {Error}")]
    private partial void LogUnexpected(StorageType storageType, string error);
}
