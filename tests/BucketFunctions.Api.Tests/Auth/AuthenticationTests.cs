using System.Net;
using System.Net.Http.Headers;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Auth;

public sealed class AuthenticationTests : ApiTestBase
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("bft_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Create_returns_401_for_a_missing_malformed_or_unknown_token(string? token)
    {
        using var client = ClientWithToken(token);

        await AssertProblemAsync(await PostJsonAsync(client, "/bucket", ValidBody()), HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_token_with_one_altered_character_is_refused()
    {
        var token = await IssueTokenAsync(OrganizationId, ["*"], ["writeBuckets"]);
        var altered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        using var client = ClientWithToken(altered);

        await AssertProblemAsync(await PostJsonAsync(client, "/bucket", ValidBody()), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_sent_with_another_scheme_is_refused()
    {
        var token = await IssueTokenAsync(OrganizationId, ["*"], ["writeBuckets"]);
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);

        await AssertProblemAsync(await PostJsonAsync(client, "/bucket", ValidBody()), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        using var admin = Factory.CreateAdminClient();
        var issued = await (await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/tokens",
            System.Text.Json.Nodes.JsonNode.Parse("{\"description\":\"ci\",\"workspaces\":[\"*\"],\"capabilities\":[\"writeBuckets\"]}")!)).Content.ReadAsStringAsync();
        var token = Json(issued).GetProperty("token").GetString();
        var tokenId = Json(issued).GetProperty("tokenId").GetString();
        using var client = ClientWithToken(token);
        await AssertOkAsync(await PostJsonAsync(client, "/bucket", ValidBody()));

        await AssertOkAsync(await admin.DeleteAsync($"/manage/organizations/{OrganizationId}/tokens/{tokenId}"));

        await AssertProblemAsync(await PostJsonAsync(client, "/bucket", ValidBody()), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task Authentication_comes_before_reading_the_body()
    {
        using var anonymous = ClientWithToken(null);

        await AssertProblemAsync(await PostRawAsync(anonymous, "/bucket", "{broken", "text/plain"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-admin-key-0123456789abcdef")]
    public async Task Admin_routes_return_401_without_the_operator_key(string? key)
    {
        using var client = Factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-admin-key", key);
        }

        await AssertProblemAsync(
            await PostJsonAsync(client, "/manage/organizations", System.Text.Json.Nodes.JsonNode.Parse("{\"organizationId\":\"x-org\",\"name\":\"X\"}")!),
            HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_tenant_token_does_not_open_admin_routes()
    {
        await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/manage/organizations", System.Text.Json.Nodes.JsonNode.Parse("{\"organizationId\":\"y-org\",\"name\":\"Y\"}")!),
            HttpStatusCode.Unauthorized, "unauthorized");
    }
}
