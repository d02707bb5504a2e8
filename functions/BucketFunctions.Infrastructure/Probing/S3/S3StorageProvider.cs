using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Infrastructure.Probing.S3;

/// <summary>
/// S3: AWS (no endpoint: the region's AWS host) or any S3-compatible endpoint, path-style or virtual-hosted. With no
/// region, AWS buckets are located first and the region found is reported in <see cref="ProbeResult.ActualRegion"/>;
/// a region that is given and wrong is <see cref="ProbeOutcome.RegionMismatch"/> naming the real one.
/// </summary>
internal sealed class S3StorageProvider(S3Protocol protocol) : IStorageProvider
{
    /// <summary>The region a request without one is signed for (AWS's original region; S3-compatible services accept it).</summary>
    public const string DefaultRegion = "us-east-1";

    public StorageType StorageType => StorageType.S3;

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = string.IsNullOrWhiteSpace(request.Region) ? DefaultRegion : request.Region.Trim();

        // The region becomes part of the AWS host name and the signing scope: the probe holds it to the same rule as
        // validation, since it may be called with a stored or unvalidated request.
        if (!RegionRules.IsS3RegionCode(region))
        {
            return Task.FromResult(ProviderFailure
                .EndpointRefused("The region is not a valid region name, so no provider endpoint can be derived from it.")
                .ToResult(request, TimeSpan.Zero));
        }

        var where = request.Endpoint is { } e ? e.GetLeftPart(UriPartial.Authority) : $"AWS S3 in {region}";
        var target = new S3Target(request.Endpoint, region, DetectRegion: true, where, "an S3 service");
        return protocol.ProbeAsync(request with { Region = string.IsNullOrWhiteSpace(request.Region) ? null : region }, target,
            cancellationToken);
    }
}
