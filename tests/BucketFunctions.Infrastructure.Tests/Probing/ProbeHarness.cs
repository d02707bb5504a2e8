using System.Net;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>Builds probes and requests for the probing tests, and checks that a result never shows the secret.</summary>
internal static class ProbeHarness
{
    public static S3StorageProbe Probe(bool allowLoopbackHttp = true, double timeoutSeconds = 2, EndpointGuard? guard = null) =>
        new(guard ?? new EndpointGuard(Options(allowLoopbackHttp, timeoutSeconds)), NullLogger<S3StorageProbe>.Instance);

    public static EndpointOptions Options(bool allowLoopbackHttp = true, double timeoutSeconds = 2) =>
        new() { AllowLoopbackHttp = allowLoopbackHttp, ProbeTimeout = TimeSpan.FromSeconds(timeoutSeconds) };

    /// <summary>A secret no test shares, long and distinctive enough to find anywhere it leaks.</summary>
    public static string NewSecret() => "wJalrXUtnFEMI/K7MDENG/" + Guid.NewGuid().ToString("N");

    public static ProbeRequest S3(Uri? endpoint, string bucket, string key, string secret, string? region = "us-east-1") =>
        new(StorageType.S3, bucket, region, endpoint, new StorageCredential(key, new SecretString(secret)));

    public static void AssertNoSecret(ProbeResult result, string secret)
    {
        Assert.DoesNotContain(secret, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.ToString(), StringComparison.Ordinal);
        foreach (var check in result.Checks)
        {
            Assert.DoesNotContain(secret, check.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, check.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A connect step that records where it was asked to go and never sends a packet.</summary>
    public sealed class RecordingConnector
    {
        public List<IPEndPoint> Attempts { get; } = [];

        public ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(endpoint);
            }

            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        }
    }
}
