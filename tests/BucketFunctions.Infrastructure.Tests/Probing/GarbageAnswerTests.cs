using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;
using BucketFunctions.Testing.Gcs;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// Every provider path answering garbage — a body in no protocol, the wrong format, a wrong content type, an empty or
/// truncated body, a reset connection, a redirect to the metadata address — is ProviderUnavailable (the check stops at
/// reachable), never an exception, and no redirect is followed.
/// </summary>
public sealed class GarbageAnswerTests
{
    private const string Bucket = "garbage-bucket";


    public static IEnumerable<object[]> Cases =>
        from answer in new[]
        {
            "not-xml-200", "json-200", "xml-200", "html-wrong-type-200", "empty-200", "truncated-200", "reset", "garbage-500",
            "redirect-to-metadata",
        }
        from provider in new[] { "S3", "S3-no-region", "GCS-HMAC", "GCS-SA-api", "GCS-SA-token", "AZURE", "AZURE-SAS" }
        select new object[] { provider, answer };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Garbage_is_provider_unavailable_never_an_exception(string provider, string answer)
    {
        await using var garbage = FakeS3.Raw(Response(answer));
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = provider.StartsWith("GCS-SA", StringComparison.Ordinal)
            ? await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] })
            : null;
        var attempts = new List<System.Net.IPEndPoint>();
        var options = ProbeHarness.Options(allowLoopbackHttp: true);
        var guard = new Infrastructure.Probing.EndpointGuard(options, resolve: null, async (target, token) =>
        {
            lock (attempts)
            {
                attempts.Add(target);
            }

            var socket = new System.Net.Sockets.Socket(
                target.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(target, token);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        });
        using var probe = ProbeHarness.Probe(guard: guard);
        var secret = ProbeHarness.NewSecret();
        var request = provider switch
        {
            "S3" => ProbeHarness.S3(garbage.Endpoint, Bucket, "AKIAIOSFODNN7EXAMPLE", secret),
            "S3-no-region" => ProbeHarness.S3(garbage.Endpoint, Bucket, "AKIAIOSFODNN7EXAMPLE", secret, region: null),
            "GCS-HMAC" => ProbeHarness.Gcs(garbage.Endpoint, Bucket, "GOOG1EXAMPLEACCESSID", secret),
            "GCS-SA-api" => ProbeHarness.Gcs(garbage.Endpoint, Bucket, account.Email, gcs!.KeyFile()),
            "GCS-SA-token" => ProbeHarness.Gcs(gcs!.Endpoint, Bucket, account.Email,
                gcs.KeyFile().Replace(gcs.TokenUri.AbsoluteUri, new Uri(garbage.Endpoint, "/token").AbsoluteUri, StringComparison.Ordinal)),
            "AZURE" => ProbeHarness.Azure(
                new Uri(garbage.Endpoint, "/" + Azurite.AccountName), Bucket, Azurite.AccountName, Azurite.AccountKey),
            _ => ProbeHarness.Azure(new Uri(garbage.Endpoint, "/" + Azurite.AccountName), Bucket, Azurite.AccountName,
                AzureBlobSas.Token(AzureBlobSas.Service(Bucket, "rwdl", DateTimeOffset.UtcNow.AddHours(1))), checkWrite: true),
        };

        var result = await probe.ProbeAsync(request, CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable, request.CheckWrite);
        Assert.NotEmpty(garbage.Requests);
        Assert.All(attempts, a => Assert.True(System.Net.IPAddress.IsLoopback(a.Address), $"connected to {a}"));
        ProbeHarness.AssertNoSecret(result, request.Credential.Secret.Reveal());
    }

    private static string Response(string answer) => answer switch
    {
        "not-xml-200" => Http("200 OK", "application/xml", "hello, this is not a document"),
        "json-200" => Http("200 OK", "application/json", "{\"kind\":\"something#else\",\"items\":[1,2,3]}"),
        "xml-200" => Http("200 OK", "application/xml", "<?xml version=\"1.0\"?><Unrelated><Thing>1</Thing></Unrelated>"),
        "html-wrong-type-200" => Http("200 OK", "text/html", "<html><body>Welcome to nginx!</body></html>"),
        "empty-200" => Http("200 OK", "application/octet-stream", string.Empty),
        "truncated-200" => "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 4000\r\nConnection: close\r\n\r\n"
            + "<?xml version=\"1.0\"?><ListBucketResult><Name>garbage-bucket</Name><KeyCo",
        "reset" => string.Empty,
        "garbage-500" => Http("500 Internal Server Error", "text/plain", "\u0001\u0002 stack trace here"),
        _ => "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://169.254.169.254/latest/meta-data/\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n",
    };

    private static string Http(string status, string contentType, string body) =>
        $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\n"
        + $"Content-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
}
