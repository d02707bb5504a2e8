using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Infrastructure.Probing.S3;

/// <summary>
/// A credential check over the S3 protocol through the real AWS client (SigV4), shared by S3 and GCS's XML API:
/// optionally locate the bucket (HeadBucket, whose answer carries <c>x-amz-bucket-region</c>), list at most one key,
/// and with a write check put and delete a probe object. Every call goes through the guarded <see cref="ProviderHttp"/>,
/// with no retries, within one <see cref="ProviderHttp.Timeout"/>.
/// </summary>
internal sealed class S3Protocol
{
    private readonly ProviderHttp http;
    private readonly GuardedAwsHttpClientFactory clientFactory;

    public S3Protocol(ProviderHttp http)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        clientFactory = new GuardedAwsHttpClientFactory(http.Client);
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, S3Target target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        cancellationToken.ThrowIfCancellationRequested();
        var details = new Dictionary<string, string> { [ProbeCheckNames.Reachable] = $"{target.Where} answered" };
        string? detected = null;
        var verified = ProviderHttp.VerifiedMessage(request, "The credentials can", "bucket");
        var result = await http.CheckAsync(request, target.Where, target.ServiceName, verified, details, async token =>
        {
            (var failure, detected) = await CheckAsync(request, target, details, token).ConfigureAwait(false);
            return failure;
        }, cancellationToken).ConfigureAwait(false);
        return result with { ActualRegion = result.ActualRegion ?? detected };
    }

    private async Task<(ProviderFailure? Failure, string? Detected)> CheckAsync(
        ProbeRequest request, S3Target target, Dictionary<string, string> details, CancellationToken cancellationToken)
    {
        if (target.Endpoint is { } endpoint)
        {
            http.Guard.CheckEndpoint(endpoint);
        }

        var key = request.Credential.Key;
        var secret = request.Credential.Secret.Reveal();
        if (string.IsNullOrWhiteSpace(key) || secret.Length == 0)
        {
            return (new ProviderFailure(ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated,
                "The access key and the secret are both required.", "not sent: the credentials are incomplete"), null);
        }

        var credentials = new BasicAWSCredentials(key, secret);
        var region = target.SigningRegion;
        string? detected = null;
        if (target.DetectRegion && request.Region is null)
        {
            (var locateFailure, detected) = await LocateAsync(credentials, request, target, cancellationToken).ConfigureAwait(false);
            if (locateFailure is not null)
            {
                return (locateFailure, null);
            }

            region = detected ?? region;
        }

        using var client = new AmazonS3Client(credentials, CreateConfig(target.Endpoint, region, request.BucketName));
        var failure = await ListAsync(client, request, target, region, cancellationToken).ConfigureAwait(false);
        if (failure is null && request.CheckWrite)
        {
            failure = await WriteAndDeleteAsync(client, request, target, region, details, cancellationToken).ConfigureAwait(false);
        }

        return (failure, detected);
    }

    /// <summary>
    /// HeadBucket in the default region: the answer names the bucket's region (success, or a 301/400 redirect). Other
    /// errors are left to the listing, whose error document says more than a HEAD's empty body.
    /// </summary>
    private async Task<(ProviderFailure? Failure, string? Region)> LocateAsync(
        AWSCredentials credentials, ProbeRequest request, S3Target target, CancellationToken cancellationToken)
    {
        using var client = new AmazonS3Client(credentials, CreateConfig(target.Endpoint, target.SigningRegion, request.BucketName));
        try
        {
            var head = await client.HeadBucketAsync(new HeadBucketRequest { BucketName = request.BucketName }, cancellationToken)
                .ConfigureAwait(false);
            return (null, S3ErrorClassifier.SafeRegion(head.BucketRegion));
        }
        catch (AmazonServiceException error) when (error.StatusCode > 0)
        {
            return (null, S3ErrorClassifier.ActualRegion(error));
        }
    }

    private static async Task<ProviderFailure?> ListAsync(
        AmazonS3Client client, ProbeRequest request, S3Target target, string region, CancellationToken cancellationToken)
    {
        ListObjectsV2Response listing;
        try
        {
            listing = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = request.BucketName, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException error) when (error.StatusCode > 0)
        {
            return S3ErrorClassifier.Classify(error, request.BucketName, request.Region ?? (target.DetectRegion ? null : region),
                target.Where, ProbeCheckNames.ListAllowed);
        }

        // A 200 that is not a listing of this bucket (a web server answering everything) proves nothing.
        return string.Equals(listing.Name, request.BucketName, StringComparison.OrdinalIgnoreCase)
            ? null
            : ProviderFailure.Garbled(target.Where, target.ServiceName);
    }

    private static async Task<ProviderFailure?> WriteAndDeleteAsync(
        AmazonS3Client client, ProbeRequest request, S3Target target, string region, Dictionary<string, string> details,
        CancellationToken cancellationToken)
    {
        var name = ProbeObject.NewName();
        var step = ProbeCheckNames.WriteAllowed;
        try
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = request.BucketName,
                Key = name,
                ContentBody = ProbeObject.Content,
                ContentType = "text/plain",
                UseChunkEncoding = false,
            }, cancellationToken).ConfigureAwait(false);
            details[ProbeCheckNames.WriteAllowed] = $"wrote probe object '{name}'";

            step = ProbeCheckNames.DeleteAllowed;
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = request.BucketName, Key = name }, cancellationToken)
                .ConfigureAwait(false);
            details[ProbeCheckNames.DeleteAllowed] = $"deleted probe object '{name}'";
            return null;
        }
        catch (AmazonServiceException error) when (error.StatusCode > 0)
        {
            var failure = S3ErrorClassifier.Classify(error, request.BucketName, request.Region ?? region, target.Where, step);
            return step == ProbeCheckNames.DeleteAllowed
                ? failure with { Detail = $"{failure.Detail}; probe object '{name}' was left in the bucket" }
                : failure;
        }
    }

    /// <summary>The one client configuration of every S3-protocol call (probing and provisioning): guarded, no retries, bounded.</summary>
    internal AmazonS3Config CreateConfig(Uri? endpoint, string region, string bucket)
    {
        var config = new AmazonS3Config
        {
            HttpClientFactory = clientFactory,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 0, // also keeps the SDK's region detector (an unguarded HEAD through a client of its own) from running
            ThrottleRetries = false,
            Timeout = http.Timeout,
            AllowAutoRedirect = false,
            UseHttp = false,
            DisableLogging = true,
            LogResponse = false,
            LogMetrics = false,
            IgnoreConfiguredEndpointUrls = true,
            DisableS3ExpressSessionAuth = true,
            DisableMultiregionAccessPoints = true,
            UseArnRegion = false,
            UseAccelerateEndpoint = false,
            UseDualstackEndpoint = false,
            UseFIPSEndpoint = false,

            // Checksums only where S3 requires them: S3-compatible services (and GCS) refuse the trailing-checksum upload.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            var (service, pathStyle) = Addressing(endpoint, bucket);
            config.ServiceURL = service.AbsoluteUri;
            config.ForcePathStyle = pathStyle;
            config.AuthenticationRegion = region;
        }

        return config;
    }

    /// <summary>
    /// The endpoint the client is given. A virtual-hosted endpoint (its host starts with the bucket name, as
    /// <c>https://my-bucket.s3.eu-central-003.backblazeb2.com</c>) becomes the service host with virtual-hosted addressing,
    /// so the request still goes to the host the client named; any other endpoint is used path-style.
    /// </summary>
    private static (Uri Endpoint, bool PathStyle) Addressing(Uri endpoint, string bucket)
    {
        var prefix = bucket + ".";
        if (endpoint.HostNameType == UriHostNameType.Dns
            && endpoint.Host.Length > prefix.Length
            && endpoint.Host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (new UriBuilder(endpoint) { Host = endpoint.Host[prefix.Length..] }.Uri, false);
        }

        return (endpoint, true);
    }
}
