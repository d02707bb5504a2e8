using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// The app's <see cref="IStorageProbe"/>: S3 (AWS and S3-compatible) goes to <see cref="S3StorageProbe"/>; GCS and Azure
/// answer <see cref="ProbeOutcome.NotSupported"/> until their checks exist. Register as a singleton (it owns the
/// guarded HTTP connection pool).
/// </summary>
public sealed class StorageProbe : IStorageProbe, IDisposable
{
    private readonly S3StorageProbe s3;

    public StorageProbe(IOptions<EndpointOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        s3 = new S3StorageProbe(options, loggerFactory.CreateLogger<S3StorageProbe>());
    }

    internal StorageProbe(S3StorageProbe s3)
    {
        ArgumentNullException.ThrowIfNull(s3);
        this.s3 = s3;
    }

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return request.StorageType switch
        {
            StorageType.S3 => s3.ProbeAsync(request, cancellationToken),
            StorageType.Gcs => Task.FromResult(NotSupported("GCS")),
            StorageType.Azure => Task.FromResult(NotSupported("Azure Blob")),
            _ => Task.FromResult(NotSupported(request.StorageType.ToString())),
        };
    }

    public void Dispose() => s3.Dispose();

    private static ProbeResult NotSupported(string provider) =>
        new(ProbeOutcome.NotSupported,
            $"{provider} credential checks are not supported yet.",
            TimeSpan.Zero,
            [new ProbeCheck("list", false, $"{provider} credential checks are not supported yet")]);
}
