using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Auth;

/// <summary>A token with <c>expiresAt</c> works until then and is refused from that moment, with no cache in between.</summary>
public sealed class TokenExpiryTests : ApiTestBase
{
    [Fact]
    public async Task A_token_stops_working_when_it_expires()
    {
        using var admin = Factory.CreateAdminClient();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var issued = await AssertOkAsync(await admin.PostAsJsonAsync($"/manage/organizations/{OrganizationId}/tokens",
            new { description = "short", workspaces = new[] { "*" }, capabilities = new[] { "listBuckets" }, expiresAt }));
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), issued["expiresAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        using var client = ClientWithToken(issued["token"]!.GetValue<string>());

        await AssertOkAsync(await client.GetAsync("/bucket"));
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));

        await AssertProblemAsync(await client.GetAsync("/bucket"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await client.GetAsync("/quota"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
