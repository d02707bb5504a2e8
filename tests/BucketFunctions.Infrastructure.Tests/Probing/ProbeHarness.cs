using System.Net;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Infrastructure.Probing.AzureBlob;
using BucketFunctions.Infrastructure.Probing.Gcs;
using BucketFunctions.Infrastructure.Probing.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>Builds probes and requests for the probing tests, and checks that a result never shows the secret.</summary>
internal static class ProbeHarness
{
    /// <summary>
    /// The app's probe with every provider, as DI builds it, over <paramref name="guard"/> (or a default one). The default bound
    /// is generous so a loaded machine does not turn a slow first call into a timeout; timeout tests pass their own.
    /// </summary>
    public static Probes Probe(bool allowLoopbackHttp = true, double timeoutSeconds = 10, EndpointGuard? guard = null) =>
        new(guard ?? new EndpointGuard(Options(allowLoopbackHttp, timeoutSeconds), resolve: null, connect: null));

    public static EndpointOptions Options(bool allowLoopbackHttp = true, double timeoutSeconds = 10) =>
        new() { AllowLoopbackHttp = allowLoopbackHttp, ProbeTimeout = TimeSpan.FromSeconds(timeoutSeconds) };

    /// <summary>A secret no test shares, long and distinctive enough to find anywhere it leaks.</summary>
    public static string NewSecret() => "wJalrXUtnFEMI/K7MDENG/" + Guid.NewGuid().ToString("N");

    public static ProbeRequest S3(Uri? endpoint, string bucket, string key, string secret, string? region = "us-east-1") =>
        new(StorageType.S3, bucket, region, endpoint, new StorageCredential(key, new SecretString(secret)));

    /// <summary>Asserts the full ordered check list: passed up to <paramref name="failedAt"/>, failed there, skipped after.</summary>
    public static void AssertChecks(ProbeResult result, string? failedAt, bool checkWrite = false)
    {
        var names = ProbeCheckNames.For(checkWrite);
        Assert.Equal(names, result.Checks.Select(c => c.Name));
        var failedIndex = failedAt is null ? names.Count : names.ToList().IndexOf(failedAt);
        Assert.True(failedIndex >= 0, $"{failedAt} is not a check");
        for (var i = 0; i < names.Count; i++)
        {
            Assert.Equal(i < failedIndex ? true : i == failedIndex ? false : null, result.Checks[i].Passed);
        }
    }

    public static ProbeRequest Azure(Uri? endpoint, string container, string account, string secret, bool checkWrite = false) =>
        new(StorageType.Azure, container, null, endpoint, new StorageCredential(account, new SecretString(secret)), checkWrite);

    public static ProbeRequest Gcs(Uri? endpoint, string bucket, string key, string secret, bool checkWrite = false) =>
        new(StorageType.Gcs, bucket, null, endpoint, new StorageCredential(key, new SecretString(secret)), checkWrite);

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

    /// <summary>The dispatcher over S3, GCS and Azure providers sharing one guarded HTTP stack, disposed together.</summary>
    public sealed class Probes(EndpointGuard guard) : IDisposable
    {
        private readonly ProviderHttp http = new(guard);

        public IStorageProbe Dispatcher => field ??= new StorageProbe(Providers(http), NullLogger<StorageProbe>.Instance);

        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
            Dispatcher.ProbeAsync(request, cancellationToken);

        public void Dispose() => http.Dispose();

        private static IEnumerable<IStorageProvider> Providers(ProviderHttp http)
        {
            var s3 = new S3Protocol(http);
            return
            [
                new S3StorageProvider(s3),
                new GcsStorageProvider(s3, new GcsServiceAccountCheck(http), http),
                new AzureBlobStorageProvider(http, TimeProvider.System),
            ];
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
