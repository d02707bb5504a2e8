using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>The S3 probe against a real s3rver, through the real AWS client and the endpoint guard (loopback http allowed).</summary>
public sealed class S3ProviderS3rverTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>
{
    private S3rver S3rver => fixture.S3rver;

    [Fact]
    public async Task Probe_verifies_an_existing_bucket_with_the_right_credentials()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Contains(S3rver.BucketName, result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, failedAt: null);
        Assert.True(result.Latency > TimeSpan.Zero);
        Assert.Null(result.ActualRegion);
    }

    [Fact]
    public async Task Probe_with_write_check_writes_and_deletes_a_probe_object()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey) with { CheckWrite = true },
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null, checkWrite: true);
        var written = result.Checks.Single(c => c.Name == ProbeCheckNames.WriteAllowed).Detail;
        var name = System.Text.RegularExpressions.Regex.Match(written, @"\.bucketfunctions-probe-[0-9a-f]{32}").Value;
        Assert.NotEmpty(name);

        // s3rver stores each object as files in a folder per bucket: none with the probe's name is left.
        Assert.Empty(Directory.EnumerateFileSystemEntries(S3rver.Directory, name + "*", SearchOption.AllDirectories));
        Assert.Contains(name, result.Checks.Single(c => c.Name == ProbeCheckNames.DeleteAllowed).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_verifies_the_second_bucket_and_with_no_region_given()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.OtherBucketName, S3rver.AccessKey, S3rver.SecretKey, region: null),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
    }

    [Theory]
    [InlineData("garage")]
    [InlineData("fr-par")]
    public async Task Probe_verifies_with_an_S3_compatible_region_code(string region)
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey, region), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
    }

    [Fact]
    public async Task Probe_reports_credentials_rejected_when_the_access_key_is_unknown()
    {
        using var probe = ProbeHarness.Probe();
        var secret = ProbeHarness.NewSecret();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, "AKIAUNKNOWNKEY000000", secret), CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        Assert.Contains("InvalidAccessKeyId", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Authenticated);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_reports_bucket_not_found_when_the_bucket_does_not_exist()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], S3rver.AccessKey, S3rver.SecretKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.BucketNotFound, result.Outcome);
        Assert.Contains("NoSuchBucket", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.BucketExists);
    }

    /// <summary>
    /// Documents the emulator, not the probe: s3rver 3.7.1 checks the access key id but not SigV4 signatures, so a wrong
    /// secret passes here. The probe's mapping of SignatureDoesNotMatch is proven against the fake S3 instead. If this
    /// test fails, s3rver started checking signatures: turn it into a CredentialsRejected test.
    /// </summary>
    [Fact]
    public async Task S3rver_accepts_a_wrong_secret_because_it_does_not_check_signatures()
    {
        using var probe = ProbeHarness.Probe();
        var secret = ProbeHarness.NewSecret();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, secret), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_refuses_s3rver_when_loopback_http_is_not_allowed()
    {
        var connector = new ProbeHarness.RecordingConnector();
        using var probe = ProbeHarness.Probe(guard: new Infrastructure.Probing.EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false), resolve: null, connector.ConnectAsync));

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        Assert.Empty(connector.Attempts);
    }
}
