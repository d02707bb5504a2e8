using System.Text;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

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
        kestrel = RawHttp.StartKestrel(Azurite, Factory);
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

    private Task<(int Status, string Body)> SendRawAsync(string request, TimeSpan pauseAfterHead) =>
        RawHttp.SendAsync(RawHttp.PortOf(kestrel), Encoding.ASCII.GetBytes(request), pauseAfterHead);

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
