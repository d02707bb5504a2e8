using System.Diagnostics;
using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;
using BucketFunctions.Testing.Gcs;
using BucketFunctions.Testing.Network;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>Every provider path is bounded by ProbeTimeout: an endpoint that accepts and never answers is unreachable, in time.</summary>
public sealed class ProviderTimeoutTests
{
    [Theory]
    [InlineData("S3")]
    [InlineData("GCS-HMAC")]
    [InlineData("GCS-SA")]
    [InlineData("AZURE")]
    [InlineData("AZURE-SAS")]
    public async Task A_silent_endpoint_is_provider_unavailable_within_the_probe_timeout(string provider)
    {
        using var silent = new LoopbackListener();
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = provider == "GCS-SA" ? await FakeGcs.StartAsync(account, new Dictionary<string, string[]>()) : null;
        using var probe = ProbeHarness.Probe(timeoutSeconds: 2); // the service-account path also signs and fetches a token first
        var secret = ProbeHarness.NewSecret();
        var request = provider switch
        {
            "S3" => ProbeHarness.S3(silent.Endpoint, "bucket", "AKIAIOSFODNN7EXAMPLE", secret),
            "GCS-HMAC" => ProbeHarness.Gcs(silent.Endpoint, "bucket", "GOOG1EXAMPLEACCESSID", secret),
            "GCS-SA" => ProbeHarness.Gcs(silent.Endpoint, "bucket", account.Email, gcs!.KeyFile()),
            "AZURE" => ProbeHarness.Azure(
                new Uri(silent.Endpoint, "/" + Azurite.AccountName), "container", Azurite.AccountName, Azurite.AccountKey),
            _ => ProbeHarness.Azure(new Uri(silent.Endpoint, "/" + Azurite.AccountName), "container", Azurite.AccountName,
                AzureBlobSas.Token(AzureBlobSas.Service("container", "rl", DateTimeOffset.UtcNow.AddHours(1)))),
        };
        if (gcs is not null)
        {
            // The token exchange (key parse, RS256 signature, first use of the Google client) happens inside the same 2 s;
            // on a loaded machine its first run alone can take that long, so run it once against the fake first.
            await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, "bucket", account.Email, gcs.KeyFile()), CancellationToken.None);
        }

        var stopwatch = Stopwatch.StartNew();

        var result = await probe.ProbeAsync(request, CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Contains("did not answer within 2 s", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
        Assert.True(silent.Accepted > 0);
    }
}
