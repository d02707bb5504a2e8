using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Probing.S3;

namespace BucketFunctions.Infrastructure.Probing.Gcs;

/// <summary>
/// Google Cloud Storage. HMAC keys go through the XML interoperability API with the S3 protocol (SigV4, region
/// <c>auto</c>) and S3's error classification; a service-account key file (a JSON secret) goes through
/// <see cref="GcsServiceAccountCheck"/>. <c>endpoint</c> absent means <c>https://storage.googleapis.com</c> (both APIs
/// live there); region is ignored.
/// </summary>
internal sealed class GcsStorageProvider(S3Protocol s3, GcsServiceAccountCheck serviceAccount, ProviderHttp http) : IStorageProvider
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

        var details = new Dictionary<string, string> { [ProbeCheckNames.Reachable] = $"{where} answered" };
        return await http.CheckAsync(
            request, where, "the GCS JSON API", ProviderHttp.VerifiedMessage(request, "The service account may", "bucket"), details,
            token => serviceAccount.CheckAsync(request, endpoint, where, details, token), cancellationToken).ConfigureAwait(false);
    }
}
