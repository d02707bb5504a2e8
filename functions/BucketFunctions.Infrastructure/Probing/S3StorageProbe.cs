using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Probing;

/// <summary>
/// Proves S3 credentials (AWS or any S3-compatible endpoint) with one <c>ListObjectsV2</c> (<c>MaxKeys = 1</c>) through
/// the real AWS client, whose HTTP goes through the <see cref="EndpointGuard"/>. Bounded by
/// <see cref="EndpointOptions.ProbeTimeout"/>, no retries. Never throws for a provider's answer; only
/// <see cref="OperationCanceledException"/> when the caller cancels. Messages are this class's own wording plus the
/// provider's error code: never the secret, never the provider's raw text.
/// </summary>
internal sealed partial class S3StorageProbe : IStorageProbe, IDisposable
{
    private const string DefaultRegion = "us-east-1";
    private const string BucketRegionHeader = "x-amz-bucket-region";

    private readonly EndpointGuard guard;
    private readonly TimeSpan timeout;
    private readonly HttpClient httpClient;
    private readonly GuardedAwsHttpClientFactory clientFactory;
    private readonly ILogger<S3StorageProbe> logger;

    public S3StorageProbe(IOptions<EndpointOptions> options, ILogger<S3StorageProbe> logger)
        : this(new EndpointGuard((options ?? throw new ArgumentNullException(nameof(options))).Value), logger)
    {
    }

    internal S3StorageProbe(EndpointGuard guard, ILogger<S3StorageProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(logger);
        if (guard.Options.ProbeTimeout <= TimeSpan.Zero || guard.Options.ProbeTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(guard), "Endpoints:ProbeTimeout must be positive and at most 5 minutes.");
        }

        this.guard = guard;
        this.logger = logger;
        timeout = guard.Options.ProbeTimeout;
        httpClient = new HttpClient(guard.CreateHandler(), disposeHandler: true)
        {
            Timeout = timeout + TimeSpan.FromSeconds(1), // backstop; the probe's own token fires first
        };
        clientFactory = new GuardedAwsHttpClientFactory(httpClient);
    }

    public async Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var stopwatch = Stopwatch.StartNew();
        var region = string.IsNullOrWhiteSpace(request.Region) ? DefaultRegion : request.Region.Trim();
        var where = request.Endpoint is { } e ? e.GetLeftPart(UriPartial.Authority) : $"AWS S3 in {region}";
        var answer = await CheckAsync(request, region, where, cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();

        var secret = request.Credential.Secret.Reveal();
        var checks = new List<ProbeCheck> { new("endpoint", answer.EndpointPassed, Redact(answer.EndpointDetail, secret)) };
        if (answer.ListDetail is not null)
        {
            checks.Add(new ProbeCheck("list", answer.Outcome == ProbeOutcome.Verified, Redact(answer.ListDetail, secret)));
        }

        LogOutcome(request.BucketName, answer.Outcome, answer.ProviderCode ?? "-", (long)stopwatch.Elapsed.TotalMilliseconds);
        return new ProbeResult(answer.Outcome, Redact(answer.Message, secret), stopwatch.Elapsed, checks, answer.ActualRegion);
    }

    public void Dispose() => httpClient.Dispose();

    private async Task<Answer> CheckAsync(ProbeRequest request, string region, string where, CancellationToken cancellationToken)
    {
        // The region becomes part of the AWS host name and the signing scope: the probe holds it to the same rule as
        // validation, since it may be called with a stored or unvalidated request.
        if (!RegionRules.IsS3RegionCode(region))
        {
            return Refused("The region is not a valid region name, so no provider endpoint can be derived from it.");
        }

        if (request.Endpoint is { } endpoint)
        {
            try
            {
                guard.CheckScheme(endpoint);
            }
            catch (EndpointNotAllowedException refusal)
            {
                return Refused(refusal.Message);
            }
        }

        var key = request.Credential.Key;
        var secret = request.Credential.Secret.Reveal();
        if (string.IsNullOrWhiteSpace(key) || secret.Length == 0)
        {
            return new Answer(ProbeOutcome.CredentialsRejected, "The access key and the secret are both required.",
                EndpointPassed: false, "not contacted: credentials incomplete", ListDetail: null);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            using var client = new AmazonS3Client(new BasicAWSCredentials(key, secret), CreateConfig(request.Endpoint, region));
            var listing = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = request.BucketName, MaxKeys = 1 }, bounded.Token).ConfigureAwait(false);
            if (!string.Equals(listing.Name, request.BucketName, StringComparison.OrdinalIgnoreCase))
            {
                // A 200 that is not a listing of this bucket (a web server answering everything) proves nothing.
                return NotS3(where);
            }

            return new Answer(ProbeOutcome.Verified, $"The credentials can list bucket '{request.BucketName}'.",
                EndpointPassed: true, $"{where} answered", $"listed bucket '{request.BucketName}'");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Classify(exception, request.BucketName, region, where, bounded.IsCancellationRequested)
                ?? throw new InvalidOperationException(
                    $"The S3 credential check failed unexpectedly ({exception.GetType().Name}).", exception);
        }
    }

    private AmazonS3Config CreateConfig(Uri? endpoint, string region)
    {
        var config = new AmazonS3Config
        {
            HttpClientFactory = clientFactory,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 0, // also keeps the SDK's region detector (an unguarded HEAD through a client of its own) from running
            ThrottleRetries = false,
            Timeout = timeout,
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
        };
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }

        return config;
    }

    private Answer? Classify(Exception exception, string bucket, string region, string where, bool timedOut)
    {
        if (EndpointNotAllowedException.FindIn(exception) is { } refusal)
        {
            return Refused(refusal.Message);
        }

        if (Find<AmazonServiceException>(exception) is { StatusCode: > 0 } service)
        {
            return FromProviderError(service, bucket, region, where);
        }

        if (timedOut || Find<OperationCanceledException>(exception) is not null || Find<TimeoutException>(exception) is not null)
        {
            var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return Unavailable($"The provider did not answer within {seconds} s.", $"{where} did not answer within {seconds} s");
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
                ? Unavailable("The endpoint's host name could not be resolved.", $"{where} could not be resolved")
                : Unavailable("The provider could not be reached.", $"could not connect to {where}");
        }

        if (Find<HttpRequestException>(exception) is not null || Find<IOException>(exception) is not null)
        {
            return Unavailable("The provider could not be reached.", $"could not connect to {where}");
        }

        // A 200 whose body is not XML at all (truncated, JSON, ...) fails in the SDK's unmarshaller as a bare XmlException.
        if (exception is AmazonClientException or AmazonServiceException || Find<System.Xml.XmlException>(exception) is not null)
        {
            return NotS3(where);
        }

        return null;
    }

    private static Answer FromProviderError(AmazonServiceException error, string bucket, string region, string where)
    {
        var status = (int)error.StatusCode;
        var code = SafeCode(error.ErrorCode);
        var said = code is null ? $"HTTP {status}" : $"{code}, HTTP {status}";
        Answer Rejected(ProbeOutcome outcome, string message) =>
            new(outcome, $"{message} ({said}).", EndpointPassed: true, $"{where} answered", $"failed: {said}", code);

        switch (code)
        {
            case "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "TokenRefreshRequired"
                or "InvalidSecurity" or "InvalidClientTokenId" or "UnrecognizedClientException":
                return Rejected(ProbeOutcome.CredentialsRejected, "The provider rejected the access key or the secret");
            case "NoSuchBucket":
                return Rejected(ProbeOutcome.BucketNotFound, $"Bucket '{bucket}' does not exist at the provider");
            case "InvalidBucketName":
                return Rejected(ProbeOutcome.BucketNotFound, $"The provider does not accept '{bucket}' as a bucket name");
            case "AccessDenied" or "AllAccessDisabled" or "AccountProblem":
                return Rejected(ProbeOutcome.PermissionDenied, $"The credentials were accepted but cannot list bucket '{bucket}'");
            case "PermanentRedirect" or "TemporaryRedirect" or "Redirect" or "AuthorizationHeaderMalformed"
                or "IllegalLocationConstraintException" or "AuthorizationQueryParametersError":
                if (ActualRegion(error) is { } actual)
                {
                    return new Answer(ProbeOutcome.RegionMismatch,
                        $"Bucket '{bucket}' is in region '{actual}', not '{region}' ({said}).",
                        EndpointPassed: true, $"{where} answered", $"wrong region: the bucket is in '{actual}'", code, actual);
                }

                if (code == "AuthorizationHeaderMalformed")
                {
                    return Rejected(ProbeOutcome.CredentialsRejected, "The provider rejected the access key or the secret");
                }

                break;
        }

        if (status is 301 or 302 or 307 or 308 && ActualRegion(error) is { } redirectedTo)
        {
            return new Answer(ProbeOutcome.RegionMismatch,
                $"Bucket '{bucket}' is in region '{redirectedTo}', not '{region}' ({said}).",
                EndpointPassed: true, $"{where} answered", $"wrong region: the bucket is in '{redirectedTo}'", code, redirectedTo);
        }

        return status switch
        {
            401 => Rejected(ProbeOutcome.CredentialsRejected, "The provider rejected the access key or the secret"),
            403 => Rejected(ProbeOutcome.PermissionDenied, $"The credentials were accepted but cannot list bucket '{bucket}'"),
            404 => Rejected(ProbeOutcome.BucketNotFound, $"Bucket '{bucket}' does not exist at the provider"),
            >= 500 => Rejected(ProbeOutcome.ProviderUnavailable, "The provider failed to answer"),
            >= 300 and < 400 => Rejected(ProbeOutcome.ProviderUnavailable, "The provider answered with a redirect, which is not followed"),
            _ => Rejected(ProbeOutcome.ProviderUnavailable, "The provider answered with an unexpected error"),
        };
    }

    /// <summary>The bucket's region as the provider named it: the x-amz-bucket-region header, the error's Region, or its message.</summary>
    private static string? ActualRegion(AmazonServiceException error)
    {
        if (Find<HttpErrorResponseException>(error)?.Response is { } response
            && response.IsHeaderPresent(BucketRegionHeader)
            && SafeRegion(response.GetHeaderValue(BucketRegionHeader)) is { } fromHeader)
        {
            return fromHeader;
        }

        if (error is AmazonS3Exception { ResponseBody: { } body } && RegionElement().Match(body) is { Success: true } element
            && SafeRegion(element.Groups["region"].Value) is { } fromBody)
        {
            return fromBody;
        }

        var expecting = ExpectingRegion().Match(error.Message ?? string.Empty);
        return expecting.Success ? SafeRegion(expecting.Groups["region"].Value) : null;
    }

    private static Answer Refused(string reason) =>
        new(ProbeOutcome.EndpointNotAllowed, $"The endpoint is not allowed. {reason}", EndpointPassed: false, reason, ListDetail: null);

    private static Answer NotS3(string where) =>
        new(ProbeOutcome.ProviderUnavailable, "The provider did not answer like an S3 service.",
            EndpointPassed: true, $"{where} answered", "the answer was not an S3 bucket listing");

    private static Answer Unavailable(string message, string endpointDetail) =>
        new(ProbeOutcome.ProviderUnavailable, message, EndpointPassed: false, endpointDetail, ListDetail: null);

    private static string? SafeCode(string? code) =>
        code is not null && ErrorCodeShape().IsMatch(code) ? code : null;

    private static string? SafeRegion(string? region) =>
        region is not null && RegionRules.IsS3RegionCode(region.Trim()) ? region.Trim() : null;

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>Belt and braces: the wording above never includes the secret, but a message must never show it.</summary>
    private static string Redact(string text, string secret) =>
        secret.Length >= 4 ? text.Replace(secret, Core.Credentials.SecretString.Placeholder, StringComparison.Ordinal) : text;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCodeShape();

    [GeneratedRegex(@"<Region>\s*(?<region>[a-z0-9-]{1,32})\s*</Region>", RegexOptions.CultureInvariant)]
    private static partial Regex RegionElement();

    [GeneratedRegex(@"expecting '(?<region>[a-z0-9-]{1,32})'", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectingRegion();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "S3 credential check for bucket {Bucket}: {Outcome} (provider code {ProviderCode}) in {LatencyMs} ms")]
    private partial void LogOutcome(string bucket, ProbeOutcome outcome, string providerCode, long latencyMs);

    private sealed record Answer(
        ProbeOutcome Outcome,
        string Message,
        bool EndpointPassed,
        string EndpointDetail,
        string? ListDetail,
        string? ProviderCode = null,
        string? ActualRegion = null);
}
