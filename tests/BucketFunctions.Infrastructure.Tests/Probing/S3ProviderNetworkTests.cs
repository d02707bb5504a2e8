using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Network;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>Providers that cannot be reached or never answer: the probe reports them, bounded by ProbeTimeout, and never hangs.</summary>
public sealed class S3ProviderNetworkTests
{
    [Fact]
    public async Task Probe_reports_provider_unavailable_when_nothing_listens_on_the_port()
    {
        var secret = ProbeHarness.NewSecret();
        using var probe = ProbeHarness.Probe(timeoutSeconds: 2);

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(new Uri($"http://127.0.0.1:{ClosedPort()}"), "bucket", "AKIAIOSFODNN7EXAMPLE", secret),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_reports_provider_unavailable_within_the_probe_timeout_when_the_endpoint_never_answers()
    {
        var secret = ProbeHarness.NewSecret();
        using var silent = new LoopbackListener();
        using var probe = ProbeHarness.Probe(timeoutSeconds: 1);

        // The AWS client's first request (building, signing, first JIT of its pipeline) happens inside the same 1 s; on a
        // loaded machine that alone can use the bound before a connection is made, so run it once where it fails fast.
        await probe.ProbeAsync(
            ProbeHarness.S3(new Uri($"http://127.0.0.1:{ClosedPort()}"), "bucket", "AKIAIOSFODNN7EXAMPLE", secret),
            CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(silent.Endpoint, "bucket", "AKIAIOSFODNN7EXAMPLE", secret), CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Contains("did not answer within 1 s", result.Message, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.True(silent.Accepted > 0);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public async Task Probe_throws_operation_canceled_only_when_the_caller_cancels()
    {
        using var silent = new LoopbackListener();
        using var probe = ProbeHarness.Probe(timeoutSeconds: 30);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.ProbeAsync(
            ProbeHarness.S3(silent.Endpoint, "bucket", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret()), caller.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
