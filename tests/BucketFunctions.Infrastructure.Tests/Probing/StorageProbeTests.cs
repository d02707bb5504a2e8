using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>The app's probe: S3 goes to the S3 check; GCS and Azure answer NotSupported, never an exception.</summary>
public sealed class StorageProbeTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>
{
    [Theory]
    [InlineData(StorageType.Gcs, "GCS credential checks are not supported yet")]
    [InlineData(StorageType.Azure, "Azure Blob credential checks are not supported yet")]
    public async Task Probe_reports_not_supported_for_providers_without_a_check(StorageType type, string expected)
    {
        using var probe = new StorageProbe(Options.Create(new EndpointOptions()), NullLoggerFactory.Instance);
        var secret = ProbeHarness.NewSecret();

        var result = await probe.ProbeAsync(
            new ProbeRequest(type, "bucket", null, null, new StorageCredential("account", new SecretString(secret))),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.NotSupported, result.Outcome);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_sends_s3_to_the_s3_check()
    {
        using var probe = new StorageProbe(
            Options.Create(new EndpointOptions { AllowLoopbackHttp = true, ProbeTimeout = TimeSpan.FromSeconds(2) }),
            NullLoggerFactory.Instance);

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(fixture.S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
    }
}
