using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Api.Tests.Admin;

public sealed class OrganizationAdminTests : ApiTestBase
{
    private static JsonNode Body(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task Creating_an_organization_returns_it_and_a_second_create_returns_409()
    {
        using var admin = Factory.CreateAdminClient();
        var id = "org-new-" + Guid.NewGuid().ToString("N")[..6];

        var created = await AssertOkAsync(await PostJsonAsync(admin, "/manage/organizations", Body($"{{\"organizationId\":\"{id}\",\"name\":\"Acme\",\"bucketLimit\":25}}")));
        var again = await PostJsonAsync(admin, "/manage/organizations", Body($"{{\"organizationId\":\"{id}\",\"name\":\"Other\"}}"));

        Assert.Equal(id, created["organization"]!["organizationId"]!.GetValue<string>());
        Assert.Equal(25, created["organization"]!["bucketLimit"]!.GetValue<int>());
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already_exists");
    }

    [Fact]
    public async Task Creating_an_organization_without_a_limit_uses_the_default_limit()
    {
        using var admin = Factory.CreateAdminClient();
        var created = await AssertOkAsync(await PostJsonAsync(admin, "/manage/organizations", Body("{\"organizationId\":\"org-default-limit\",\"name\":\"Acme\"}")));

        Assert.Equal(10, created["organization"]!["bucketLimit"]!.GetValue<int>());
        Assert.True(created["organization"]!["usesDefaultLimit"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Creating_an_organization_reports_every_invalid_field()
    {
        using var admin = Factory.CreateAdminClient();

        var problem = await AssertProblemAsync(
            await PostJsonAsync(admin, "/manage/organizations", Body("{\"organizationId\":\"has space\",\"bucketLimit\":-1}")),
            HttpStatusCode.BadRequest, "validation_failed");

        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order();
        Assert.Equal(["bucketLimit", "name", "organizationId"], fields);
    }

    [Fact]
    public async Task Updating_the_limit_changes_what_the_quota_allows()
    {
        using var admin = Factory.CreateAdminClient();
        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody()));

        await AssertOkAsync(await admin.PutAsync($"/manage/organizations/{OrganizationId}", JsonContent("{\"bucketLimit\":1}")));
        var full = await PostJsonAsync(Tenant, "/bucket", ValidBody());
        var quota = await AssertOkAsync(await Tenant.GetAsync("/quota"));

        var problem = await AssertProblemAsync(full, HttpStatusCode.TooManyRequests, "too_many_buckets");
        Assert.Equal((1, 1), (problem["current"]!.GetValue<int>(), problem["max"]!.GetValue<int>()));
        var usage = quota["quotaUsage"]![0]!;
        Assert.Equal("BUCKETS", usage["capability"]!["code"]!.GetValue<string>());
        Assert.Equal(1, usage["usage"]!["current"]!.GetValue<int>());
        Assert.Equal(1, usage["usage"]!["max"]!.GetValue<int>());
        Assert.Equal(100, usage["usage"]!["percentage"]!.GetValue<double>());

        await AssertOkAsync(await admin.PutAsync($"/manage/organizations/{OrganizationId}", JsonContent("{\"bucketLimit\":null}")));
        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody()));
    }

    [Fact]
    public async Task Updating_or_extending_a_missing_organization_returns_404()
    {
        using var admin = Factory.CreateAdminClient();

        await AssertProblemAsync(await admin.PutAsync("/manage/organizations/org-missing", JsonContent("{\"name\":\"X\"}")), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await PostJsonAsync(admin, "/manage/organizations/org-missing/workspaces", Body("{\"workspaceId\":\"w\",\"name\":\"W\"}")), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await PostJsonAsync(admin, "/manage/organizations/org-missing/tokens", Body("{\"workspaces\":[\"*\"],\"capabilities\":[\"readBuckets\"]}")), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_workspace_id_can_be_added_once()
    {
        using var admin = Factory.CreateAdminClient();

        await AssertProblemAsync(
            await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/workspaces", Body($"{{\"workspaceId\":\"{Workspace}\",\"name\":\"Again\"}}")),
            HttpStatusCode.Conflict, "already_exists");
    }

    [Fact]
    public async Task An_issued_token_is_shown_once_and_stored_only_as_its_hash()
    {
        using var admin = Factory.CreateAdminClient();

        var issued = await AssertOkAsync(await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/tokens",
            Body("{\"description\":\"ci\",\"workspaces\":[\"ws-main\"],\"capabilities\":[\"readBuckets\",\"writeBuckets\"]}")));

        var token = issued["token"]!.GetValue<string>();
        var tokenId = issued["tokenId"]!.GetValue<string>();
        Assert.Matches("^bft_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(["readBuckets", "writeBuckets"], issued["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        var row = await Factory.Table(Factory.TokensTable).FindAsync(TableKey.Encode(tokenId), "token");
        Assert.NotNull(row);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)), row.GetBinary("Hash"));
        Assert.All(await AllStoredTextAsync(), text => Assert.DoesNotContain(token, text));
    }

    [Theory]
    [InlineData("{\"workspaces\":[\"*\"],\"capabilities\":[\"fly\"]}", "capabilities")]
    [InlineData("{\"workspaces\":[\"*\"],\"capabilities\":[]}", "capabilities")]
    [InlineData("{\"workspaces\":[],\"capabilities\":[\"readBuckets\"]}", "workspaces")]
    [InlineData("{\"workspaces\":[\"*\"],\"capabilities\":[\"readBuckets\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", "expiresAt")]
    public async Task Issuing_a_token_refuses_invalid_grants(string body, string field)
    {
        using var admin = Factory.CreateAdminClient();

        var problem = await AssertProblemAsync(await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/tokens", Body(body)), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field);
    }

    [Fact]
    public async Task Issuing_a_token_for_an_unregistered_workspace_returns_unknown_workspace()
    {
        using var admin = Factory.CreateAdminClient();

        await AssertProblemAsync(
            await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/tokens", Body("{\"workspaces\":[\"ws-ghost\"],\"capabilities\":[\"readBuckets\"]}")),
            HttpStatusCode.BadRequest, "unknown_workspace");
    }

    [Fact]
    public async Task Another_organizations_token_cannot_be_revoked_through_this_one()
    {
        var other = "org-rev-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(other, bucketLimit: null);
        using var admin = Factory.CreateAdminClient();
        var issued = await AssertOkAsync(await PostJsonAsync(admin, $"/manage/organizations/{other}/tokens", Body("{\"workspaces\":[\"*\"],\"capabilities\":[\"writeBuckets\"]}")));
        var tokenId = issued["tokenId"]!.GetValue<string>();

        await AssertProblemAsync(await admin.DeleteAsync($"/manage/organizations/{OrganizationId}/tokens/{tokenId}"), HttpStatusCode.NotFound, "not_found");

        using var client = ClientWithToken(issued["token"]!.GetValue<string>());
        await AssertOkAsync(await PostJsonAsync(client, "/bucket", ValidBody()));
    }

    [Fact]
    public async Task Path_ids_that_name_nothing_answer_a_404_problem()
    {
        using var admin = Factory.CreateAdminClient();
        var longId = new string('o', 2000);

        await AssertProblemAsync(await admin.PutAsync($"/manage/organizations/{longId}", JsonContent("{\"name\":\"X\"}")), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await PostJsonAsync(admin, $"/manage/organizations/{longId}/workspaces", Body("{\"workspaceId\":\"w\",\"name\":\"W\"}")), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await admin.DeleteAsync($"/manage/organizations/{OrganizationId}/tokens/{longId}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await admin.DeleteAsync($"/manage/organizations/{OrganizationId}/tokens/has%20space"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Issuing_a_token_refuses_workspace_ids_that_break_the_id_rules()
    {
        using var admin = Factory.CreateAdminClient();
        var body = new JsonObject { ["workspaces"] = new JsonArray(new string('w', 5000)), ["capabilities"] = new JsonArray("readBuckets") };

        var problem = await AssertProblemAsync(await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/tokens", body), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal("/workspaces", problem["errors"]![0]!["pointer"]!.GetValue<string>());
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
