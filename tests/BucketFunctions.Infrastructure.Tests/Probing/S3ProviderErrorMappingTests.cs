using BucketFunctions.Core.Probing;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// How the probe reads S3's answers: a fake S3 on loopback sends canned S3 responses, which the real AWS client parses.
/// Each fake also echoes the secret in its message, as a hostile endpoint could: it must never reach the result.
/// </summary>
public sealed class S3ProviderErrorMappingTests
{
    private const string Bucket = "my-backup-bucket-2024";
    private const string Key = "AKIAIOSFODNN7EXAMPLE";

    [Fact]
    public async Task Probe_reports_region_mismatch_from_an_authorization_header_malformed_error_naming_the_region()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Error(400, "AuthorizationHeaderMalformed",
            $"The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1' {secret}",
            "<Region>eu-west-1</Region>");

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.RegionMismatch, result.Outcome);
        Assert.Equal("eu-west-1", result.ActualRegion);
        Assert.Contains("'eu-west-1'", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_reports_region_mismatch_from_the_expecting_clause_when_no_region_element_is_sent()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Error(400, "IllegalLocationConstraintException",
            "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to; expecting 'ap-south-1'");

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.RegionMismatch, result.Outcome);
        Assert.Equal("ap-south-1", result.ActualRegion);
        Assert.Contains("ap-south-1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_reports_region_mismatch_from_a_permanent_redirect_with_the_bucket_region_header()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Error(301, "PermanentRedirect",
            $"The bucket you are attempting to access must be addressed using the specified endpoint. {secret}",
            $"<Endpoint>{Bucket}.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>{Bucket}</Bucket>",
            ("x-amz-bucket-region", "eu-west-1"));

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.RegionMismatch, result.Outcome);
        Assert.Equal("eu-west-1", result.ActualRegion);
        Assert.Contains("eu-west-1", result.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_does_not_follow_a_temporary_redirect_even_though_the_sdk_would()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Error(307, "TemporaryRedirect", "Please re-send this request to the specified temporary endpoint.",
            null, ("Location", "http://169.254.169.254/latest/meta-data/"));

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(403, "SignatureDoesNotMatch", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(403, "InvalidAccessKeyId", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(400, "InvalidToken", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(400, "ExpiredToken", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(400, "AuthorizationHeaderMalformed", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(401, "Unauthorized", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated)]
    [InlineData(403, "AccessDenied", ProbeOutcome.PermissionDenied, ProbeCheckNames.ListAllowed)]
    [InlineData(403, "SomethingElse", ProbeOutcome.PermissionDenied, ProbeCheckNames.ListAllowed)]
    [InlineData(404, "NoSuchBucket", ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists)]
    [InlineData(404, "NotFound", ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists)]
    [InlineData(500, "InternalError", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable)]
    [InlineData(503, "SlowDown", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable)]
    [InlineData(400, "SomethingUnexpected", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable)]
    public async Task Probe_maps_each_provider_error_to_the_outcome_a_client_must_act_on(
        int status, string code, ProbeOutcome expected, string failedAt)
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Error(status, code, $"The provider says no; echoing {secret}");

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(expected, result.Outcome);
        Assert.Contains(code, result.Message, StringComparison.Ordinal);
        Assert.Null(result.ActualRegion);
        ProbeHarness.AssertChecks(result, failedAt);
        Assert.DoesNotContain("The provider says no", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_reports_credentials_rejected_for_a_bare_401()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Answer(401, string.Empty);

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
    }

    [Fact]
    public async Task Probe_reports_provider_unavailable_when_the_endpoint_does_not_answer_like_s3()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Answer(200, $"<html><body>Welcome to nginx {secret}</body></html>");

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><ListBucketResult><Name>probe-bu")]
    [InlineData("{\"buckets\":[1,2,3]}")]
    public async Task Probe_reports_provider_unavailable_when_a_200_is_not_xml(string body)
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Answer(200, body);

        var result = await ProbeAsync(fake, secret);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_sends_one_path_style_list_of_at_most_one_key_and_never_the_secret()
    {
        var secret = ProbeHarness.NewSecret();
        await using var fake = FakeS3.Answer(200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
            $"<Name>{Bucket}</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>");

        var result = await ProbeAsync(fake, secret, region: "eu-central-1");

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        var request = Assert.Single(fake.Requests);
        var requestLine = request.Split("\r\n")[0];
        Assert.StartsWith($"GET /{Bucket}/?", requestLine, StringComparison.Ordinal);
        Assert.Contains("list-type=2", requestLine, StringComparison.Ordinal);
        Assert.Contains("max-keys=1", requestLine, StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/s3/aws4_request", request, StringComparison.Ordinal);
        Assert.Contains(Key, request, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, request, StringComparison.Ordinal);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    private static async Task<ProbeResult> ProbeAsync(FakeS3 fake, string secret, string region = "us-east-1")
    {
        using var probe = ProbeHarness.Probe();
        return await probe.ProbeAsync(ProbeHarness.S3(fake.Endpoint, Bucket, Key, secret, region), CancellationToken.None);
    }
}
