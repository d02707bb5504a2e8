using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// One provider's credential check. Each provider is one class, registered in DI as an <see cref="IStorageProvider"/>;
/// <see cref="StorageProbe"/> sends each request to the provider of its <see cref="StorageType"/>. Results are built with
/// <see cref="ProbeReport"/>; only <see cref="OperationCanceledException"/> (the caller cancelled) may escape.
/// </summary>
public interface IStorageProvider
{
    StorageType StorageType { get; }

    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}
