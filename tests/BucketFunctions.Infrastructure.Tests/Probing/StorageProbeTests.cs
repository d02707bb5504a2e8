using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>The dispatcher: each storage type goes to its provider; a type without one, or a provider that throws, is an answer.</summary>
public sealed class StorageProbeTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task Probe_reports_not_supported_for_a_type_without_a_provider()
    {
        var probe = new StorageProbe([], NullLogger<StorageProbe>.Instance);
        var secret = ProbeHarness.NewSecret();

        var result = await probe.ProbeAsync(
            new ProbeRequest(StorageType.Azure, "bucket", null, null, new StorageCredential("account", new SecretString(secret))),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.NotSupported, result.Outcome);
        Assert.False(result.Succeeded);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.EndpointAllowed);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public void Probe_refuses_two_providers_for_one_type()
    {
        var error = Assert.Throws<ArgumentException>(() => new StorageProbe(
            [new ThrowingProvider(StorageType.S3), new ThrowingProvider(StorageType.S3)], NullLogger<StorageProbe>.Instance));

        Assert.Contains("S3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_reports_a_provider_that_throws_as_unavailable_without_its_message()
    {
        var secret = ProbeHarness.NewSecret();
        var probe = new StorageProbe([new ThrowingProvider(StorageType.Gcs, secret)], NullLogger<StorageProbe>.Instance);

        var result = await probe.ProbeAsync(
            new ProbeRequest(StorageType.Gcs, "bucket", null, null, new StorageCredential("id", new SecretString(secret))),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_sends_s3_to_the_s3_provider()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(fixture.S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
    }

    /// <summary>A provider that breaks its contract by throwing (with the secret in the message), to prove the dispatcher's net.</summary>
    private sealed class ThrowingProvider(StorageType type, string message = "boom") : IStorageProvider
    {
        public StorageType StorageType => type;

        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(message);
    }
}
