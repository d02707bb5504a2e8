using System.Net;
using System.Net.Sockets;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// Endpoints a client could use to reach inside the network, each refused as EndpointNotAllowed by every provider
/// (S3, GCS with an HMAC key, GCS with a service account, Azure Blob with an account key or a SAS) at the endpoint_allowed step, with no connection
/// attempted: the connect step records every attempt, and loopback forms point at a live listener that must see nothing.
/// Names resolve through an injected resolver, as DNS would answer an attacker's domain.
/// </summary>
public sealed class SsrfTableTests : IDisposable
{
    private static readonly Dictionary<string, IPAddress[]> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["localhost"] = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        ["loopback.attacker.example"] = [IPAddress.Parse("127.0.0.1")],
        ["internal.attacker.example"] = [IPAddress.Parse("10.0.0.1")],
        ["metadata.attacker.example"] = [IPAddress.Parse("169.254.169.254")],
        ["mixed.attacker.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.5")],
        ["v6.attacker.example"] = [IPAddress.Parse("fd00::1")],
        ["mapped.attacker.example"] = [IPAddress.Parse("::ffff:192.168.0.1")],
    };

    private readonly CountingListener listener = new();

    /// <summary>{port} is the live loopback listener's port.</summary>
    private static readonly string[] Endpoints =
    [
        "http://169.254.169.254",
        "https://169.254.169.254",
        "https://169.254.169.254/latest/meta-data/iam",
        "https://[::ffff:10.0.0.1]",
        "https://[::ffff:169.254.169.254]",
        "https://[64:ff9b::a9fe:a9fe]",
        "https://[64:ff9b::7f00:1]",
        "https://[2002:a9fe:a9fe::1]",
        "https://[fd00:ec2::254]",
        "https://[fc00::1]",
        "https://[fe80::1]",
        "https://[::]",
        "https://[ff02::1]",
        "https://0.0.0.0",
        "https://10.0.0.1",
        "https://172.16.0.1",
        "https://192.168.1.1",
        "https://100.64.0.1",
        "https://224.0.0.1",
        "https://255.255.255.255",
        "https://127.0.0.1:{port}",
        "http://127.0.0.1:{port}",
        "https://[::1]:{port}",
        "https://[::ffff:127.0.0.1]:{port}",
        "https://2130706433:{port}",
        "https://0x7f.1:{port}",
        "https://0x7f000001:{port}",
        "https://017700000001:{port}",
        "https://127.1:{port}",
        "https://localhost:{port}",
        "https://loopback.attacker.example:{port}",
        "https://internal.attacker.example",
        "https://metadata.attacker.example",
        "https://mixed.attacker.example",
        "https://v6.attacker.example",
        "https://mapped.attacker.example",
        "https://evil@127.0.0.1:{port}",
        "https://storage.example.com@127.0.0.1:{port}",
        "https://user:pass@storage.example.com",
        "http://storage.example.com",
        "file:///etc/passwd",
        "ftp://storage.example.com",
        "gopher://127.0.0.1:{port}",
    ];

    public static IEnumerable<object[]> Cases =>
        from endpoint in Endpoints
        from provider in new[] { "S3", "GCS-HMAC", "GCS-SA", "AZURE", "AZURE-SAS" }
        select new object[] { provider, endpoint };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_is_refused_before_any_connection(string provider, string endpointTemplate)
    {
        var endpoint = new Uri(endpointTemplate.Replace("{port}", listener.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            StringComparison.Ordinal));
        var attempts = new List<IPEndPoint>();
        var guard = new EndpointGuard(ProbeHarness.Options(allowLoopbackHttp: false), ResolveAsync, (target, token) =>
        {
            lock (attempts)
            {
                attempts.Add(target);
            }

            // Loopback attempts really connect, so the listener would count them; nothing else leaves the process.
            return IPAddress.IsLoopback(target.Address)
                ? ConnectAsync(target, token)
                : throw new SocketException((int)SocketError.ConnectionRefused);
        });
        using var probe = ProbeHarness.Probe(guard: guard);
        var secret = ProbeHarness.NewSecret();

        var result = await probe.ProbeAsync(Request(provider, endpoint, secret), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.EndpointAllowed);
        Assert.Empty(attempts);
        Assert.Equal(0, listener.Accepted);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Fact]
    public void The_table_has_at_least_thirty_endpoints() => Assert.True(Endpoints.Length >= 30);

    public void Dispose() => listener.Dispose();

    private static ProbeRequest Request(string provider, Uri endpoint, string secret) => provider switch
    {
        "S3" => ProbeHarness.S3(endpoint, "bucket", "AKIAIOSFODNN7EXAMPLE", secret),
        "GCS-HMAC" => ProbeHarness.Gcs(endpoint, "bucket", "GOOG1EXAMPLEACCESSID", secret),
        "GCS-SA" => ProbeHarness.Gcs(endpoint, "bucket", "svc@demo.iam.gserviceaccount.com", ServiceAccountJson(secret)),
        "AZURE" => ProbeHarness.Azure(endpoint, "container", Azurite.AccountName, Azurite.AccountKey),
        _ => ProbeHarness.Azure(endpoint, "container", Azurite.AccountName,
            AzureBlobSas.Token(AzureBlobSas.Service("container", "rl", DateTimeOffset.UtcNow.AddHours(1)))),
    };

    /// <summary>A key file whose token endpoint is Google's (public): only the endpoint under test can be refused.</summary>
    private static string ServiceAccountJson(string marker)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = "svc@demo.iam.gserviceaccount.com",
            ["private_key_id"] = marker,
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["token_uri"] = "https://oauth2.googleapis.com/token",
        });
    }

    private static Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult(Names.TryGetValue(host.TrimEnd('.'), out var addresses) ? addresses : [IPAddress.Parse("93.184.216.34")]);

    private static async ValueTask<Stream> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(target, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
