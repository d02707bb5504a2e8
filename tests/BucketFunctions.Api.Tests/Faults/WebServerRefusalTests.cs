using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// Requests the web server itself refuses while the handler reads the body — broken chunked framing, a body that
/// arrives too slowly — answer with the server's own status as a problem response, never 500, and store nothing.
/// These need real Kestrel on a loopback socket: the in-process test server cannot send broken framing.
/// </summary>
public sealed class WebServerRefusalTests : ApiTestBase
{
    private ApiFactory kestrel = null!;
    private string token = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        kestrel = new ApiFactory(Azurite, new Dictionary<string, string?>
        {
            ["Storage:TenantsTable"] = Factory.TenantsTable,
            ["Storage:TokensTable"] = Factory.TokensTable,
            ["Vault:Envelope:Table"] = Factory.CredentialsTable,
        });
        kestrel.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2));
        });
        kestrel.StartServer();
        token = await IssueTokenAsync(OrganizationId, ["*"], ["writeBuckets"]);
    }

    public override async Task DisposeAsync()
    {
        await kestrel.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Broken_chunked_framing_is_a_400_problem_not_a_500()
    {
        var (status, body) = await SendRawAsync(
            Head("Transfer-Encoding: chunked") + "zz-not-hex\r\n{\"name\":\"x\"}\r\n0\r\n\r\n", pauseAfterHead: TimeSpan.Zero);

        Assert.Equal(400, status);
        AssertProblem(body, "malformed_request");
        await AssertNothingWentWrongAsync();
    }

    [Fact]
    public async Task A_body_that_arrives_too_slowly_is_a_408_problem_not_a_500()
    {
        var (status, body) = await SendRawAsync(Head("Content-Length: 5000") + "{\"name\":", pauseAfterHead: TimeSpan.FromSeconds(4));

        Assert.Equal(408, status);
        if (body.Length > 0)
        {
            AssertProblem(body, "request_timeout");
        }

        await AssertNothingWentWrongAsync();
    }

    private string Head(string framing) =>
        $"POST /bucket HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n";

    private async Task<(int Status, string Body)> SendRawAsync(string request, TimeSpan pauseAfterHead)
    {
        var address = new Uri(kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await Task.Delay(pauseAfterHead);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = new StringBuilder();
        try
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Append(buffer, 0, read);
                if (response.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && Complete(response.ToString()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server may close the connection right after its answer.
        }

        var text = response.ToString();
        var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        return (status, bodyStart < 4 ? string.Empty : text[bodyStart..]);
    }

    private static bool Complete(string response)
    {
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || response.Length - head.Length - 4 >= int.Parse(length[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AssertProblem(string body, string code)
    {
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.False(problem["success"]!.GetValue<bool>());
    }

    private async Task AssertNothingWentWrongAsync()
    {
        Assert.Equal(StoredState.Empty, await StoredAsync());
        Assert.DoesNotContain(kestrel.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.DoesNotContain(kestrel.Responses.Responses, r => r.Status >= 500);
    }
}
