using System.Diagnostics;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing.S3;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// Google Cloud Storage. HMAC keys go through the XML interoperability API with the S3 protocol (SigV4, region
/// <c>auto</c>) and S3's error classification; a service-account key file (a JSON secret) goes through
/// <see cref="GcsServiceAccountCheck"/>. <c>endpoint</c> absent means <c>https://storage.googleapis.com</c> (both APIs
/// live there); region is ignored.
/// </summary>
internal sealed partial class GcsStorageProvider(S3Protocol s3, GcsServiceAccountCheck serviceAccount, ProviderHttp http,
    ILogger<GcsStorageProvider> logger) : IStorageProvider
{
    public static readonly Uri DefaultEndpoint = new("https://storage.googleapis.com");

    /// <summary>The region SigV4 signs with at GCS's XML API.</summary>
    public const string SigningRegion = "auto";

    public StorageType StorageType => StorageType.Gcs;

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = request.Endpoint ?? DefaultEndpoint;
        var where = endpoint.GetLeftPart(UriPartial.Authority);
        if (request.ServiceAccount is null && !ServiceAccountKey.LooksLikeJson(request.Credential.Secret.Reveal()))
        {
            var result = await s3.ProbeAsync(request with { Region = null },
                new S3Target(endpoint, SigningRegion, DetectRegion: false, where, "GCS's XML API"), cancellationToken)
                .ConfigureAwait(false);
            return result with { ActualRegion = null };
        }

        var stopwatch = Stopwatch.StartNew();
        var details = new Dictionary<string, string> { [ProbeCheckNames.Reachable] = $"{where} answered" };
        var failure = await http.RunAsync(where, "the GCS JSON API",
            token => serviceAccount.CheckAsync(request, endpoint, where, details, token), cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();
        LogOutcome(request.BucketName, failure?.Outcome ?? ProbeOutcome.Verified, failure?.ProviderCode ?? "-",
            (long)stopwatch.Elapsed.TotalMilliseconds);
        return failure?.ToResult(request, stopwatch.Elapsed, details)
            ?? ProbeReport.Verified(request, request.CheckWrite
                ? $"The service account may list, write to and delete from bucket '{request.BucketName}'."
                : $"The service account may list bucket '{request.BucketName}'.", stopwatch.Elapsed, details: details);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "GCS service-account check for bucket {Bucket}: {Outcome} (provider code {ProviderCode}) in {LatencyMs} ms")]
    private partial void LogOutcome(string bucket, ProbeOutcome outcome, string providerCode, long latencyMs);
}
