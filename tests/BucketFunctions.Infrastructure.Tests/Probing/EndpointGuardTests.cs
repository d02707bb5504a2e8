using System.Net;
using BucketFunctions.Core.Probing;
using BucketFunctions.Infrastructure.Probing;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// The endpoint guard, through the probe and on its own. Refusals happen before any connection: the connect step is a
/// recorder that sends nothing, and the tests assert it was never asked. No packet leaves loopback.
/// </summary>
public sealed class EndpointGuardTests
{
    public static TheoryData<string> RefusedWithoutLoopbackHttp => new()
    {
        "http://127.0.0.1:9",
        "https://10.1.2.3",
        "https://169.254.169.254",
        "https://192.168.1.10:8443",
        "https://[::1]",
        "https://[fd00:ec2::254]",
        "https://[::ffff:10.0.0.1]",
        "https://localhost",
        "ftp://s3.example.com",
    };

    [Theory]
    [MemberData(nameof(RefusedWithoutLoopbackHttp))]
    public async Task Probe_refuses_endpoints_that_are_not_public_https_before_connecting(string endpoint)
    {
        var connector = new ProbeHarness.RecordingConnector();
        var secret = ProbeHarness.NewSecret();
        using var probe = ProbeHarness.Probe(guard: new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false), resolve: null, connector.ConnectAsync));

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(new Uri(endpoint), "bucket", "AKIAIOSFODNN7EXAMPLE", secret), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        Assert.StartsWith("The endpoint is not allowed", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.EndpointAllowed);
        Assert.Empty(connector.Attempts);
        ProbeHarness.AssertNoSecret(result, secret);
    }

    [Theory]
    [InlineData("https://10.1.2.3")]
    [InlineData("https://169.254.169.254")]
    [InlineData("http://169.254.169.254")]
    [InlineData("https://100.64.0.1")]
    [InlineData("https://0.0.0.0")]
    public Task Probe_refuses_private_addresses_even_when_loopback_http_is_allowed(string endpoint) =>
        AssertRefusedBeforeConnectingAsync(allowLoopbackHttp: true, endpoint);

    [Fact]
    public Task Probe_refuses_a_host_when_any_of_its_addresses_is_private() =>
        AssertRefusedBeforeConnectingAsync(allowLoopbackHttp: false, "https://s3.mixed.example", "93.184.216.34", "10.0.0.5");

    [Fact]
    public Task Probe_refuses_plain_http_to_a_public_host_even_when_loopback_http_is_allowed() =>
        AssertRefusedBeforeConnectingAsync(allowLoopbackHttp: true, "http://s3.public.example", "93.184.216.34");

    [Fact]
    public async Task Guard_connects_a_public_https_host_to_the_address_it_checked()
    {
        var connector = new ProbeHarness.RecordingConnector();
        var resolutions = 0;
        var guard = new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false),
            (host, _) =>
            {
                Interlocked.Increment(ref resolutions);
                Assert.Equal("s3.public.example", host);
                return Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") });
            },
            connector.ConnectAsync);
        using var probe = ProbeHarness.Probe(guard: guard);

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(new Uri("https://s3.public.example"), "bucket", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret()),
            CancellationToken.None);

        // The recorder refuses the connection (nothing is sent), which the probe reports as unreachable.
        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Equal(1, resolutions); // by the connection itself: S3 checks the name there, not in a lookup of its own beforehand
        Assert.Equal(new IPEndPoint(IPAddress.Parse("93.184.216.34"), 443), Assert.Single(connector.Attempts));
    }

    [Fact]
    public async Task Guard_connects_to_the_checked_address_not_to_a_fresh_lookup_of_the_name()
    {
        // "fake-s3.invalid" cannot resolve through DNS: the request only arrives if the socket goes to the address the
        // guard resolved and checked.
        await using var fake = FakeS3.Answer(200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
            "<Name>bucket</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>");
        var guard = new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: true),
            (host, _) => Task.FromResult(new[] { IPAddress.Loopback }),
            connect: null);
        using var probe = ProbeHarness.Probe(guard: guard);
        var endpoint = new Uri($"http://fake-s3.invalid:{fake.Endpoint.Port}");

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(endpoint, "bucket", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Contains($"Host: fake-s3.invalid:{fake.Endpoint.Port}", Assert.Single(fake.Requests), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Probe_calls_aws_through_the_guard_when_no_endpoint_is_given()
    {
        var connector = new ProbeHarness.RecordingConnector();
        var resolved = new List<string>();
        var guard = new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false),
            (host, _) =>
            {
                lock (resolved)
                {
                    resolved.Add(host);
                }

                return Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") });
            },
            connector.ConnectAsync);
        using var probe = ProbeHarness.Probe(guard: guard);

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(null, "my-backup-bucket-2024", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret(), "eu-west-1"),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Equal(["my-backup-bucket-2024.s3.eu-west-1.amazonaws.com"], resolved);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("93.184.216.34"), 443), Assert.Single(connector.Attempts));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Probe_calls_azure_through_the_guard_when_no_endpoint_is_given(bool sas)
    {
        var connector = new ProbeHarness.RecordingConnector();
        var resolved = new List<string>();
        var guard = new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false),
            (host, _) =>
            {
                lock (resolved)
                {
                    resolved.Add(host);
                }

                return Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") });
            },
            connector.ConnectAsync);
        using var probe = ProbeHarness.Probe(guard: guard);
        var secret = sas
            ? AzureBlobSas.Token(AzureBlobSas.Service("archive", "rl", DateTimeOffset.UtcNow.AddHours(1)))
            : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

        var result = await probe.ProbeAsync(ProbeHarness.Azure(null, "archive", "contosobackups", secret), CancellationToken.None);

        // The Blob client's only transport is the guarded one: its one connection goes to the address the guard checked.
        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Equal(["contosobackups.blob.core.windows.net"], resolved);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("93.184.216.34"), 443), Assert.Single(connector.Attempts));
    }

    [Theory]
    [InlineData("eu-west-1.evil.example")]
    [InlineData("us-east-1/../")]
    [InlineData("US-EAST-1")]
    public async Task Probe_refuses_a_region_that_is_not_a_region_name_without_calling_anything(string region)
    {
        var connector = new ProbeHarness.RecordingConnector();
        var resolutions = 0;
        var guard = new EndpointGuard(
            ProbeHarness.Options(allowLoopbackHttp: false),
            (host, _) =>
            {
                Interlocked.Increment(ref resolutions);
                return Task.FromResult(new[] { IPAddress.Parse("93.184.216.34") });
            },
            connector.ConnectAsync);
        using var probe = ProbeHarness.Probe(guard: guard);

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(null, "bucket", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret(), region), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        Assert.Equal(0, resolutions);
        Assert.Empty(connector.Attempts);
    }

    [Fact]
    public async Task Guarded_handler_refuses_on_its_own_and_the_refusal_is_inside_the_http_exception()
    {
        var connector = new ProbeHarness.RecordingConnector();
        var guard = new EndpointGuard(ProbeHarness.Options(allowLoopbackHttp: false), resolve: null, connector.ConnectAsync);
        using var client = new HttpClient(guard.CreateHandler());

        var plainHttp = await Assert.ThrowsAsync<EndpointNotAllowedException>(() => client.GetAsync(new Uri("http://127.0.0.1:9/")));
        var metadata = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://169.254.169.254/")));

        Assert.Contains("https", plainHttp.Message, StringComparison.Ordinal);
        Assert.NotNull(EndpointNotAllowedException.FindIn(metadata));
        Assert.Empty(connector.Attempts);
    }

    /// <summary>
    /// Probes <paramref name="endpoint"/> through a guard whose name lookups answer <paramref name="resolvesTo"/> (none:
    /// the guard's own lookup, for address literals) and asserts the endpoint is refused with no connection attempted.
    /// </summary>
    private static async Task AssertRefusedBeforeConnectingAsync(bool allowLoopbackHttp, string endpoint, params string[] resolvesTo)
    {
        var connector = new ProbeHarness.RecordingConnector();
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = resolvesTo.Length == 0
            ? null
            : (_, _) => Task.FromResult(resolvesTo.Select(IPAddress.Parse).ToArray());
        using var probe = ProbeHarness.Probe(guard: new EndpointGuard(ProbeHarness.Options(allowLoopbackHttp), resolve, connector.ConnectAsync));

        var result = await probe.ProbeAsync(
            ProbeHarness.S3(new Uri(endpoint), "bucket", "AKIAIOSFODNN7EXAMPLE", ProbeHarness.NewSecret()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        Assert.Empty(connector.Attempts);
    }
}
