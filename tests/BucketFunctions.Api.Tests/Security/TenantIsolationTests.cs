using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Security;

/// <summary>
/// No organization reaches another's buckets, no workspace-limited token reaches another workspace's, and each
/// capability opens exactly the routes that need it (OWASP API1, broken object level authorization).
/// </summary>
public sealed class TenantIsolationTests : ApiTestBase
{
    private const string OtherWorkspace = "ws-other";

    /// <summary>Every bucket route with a bucket id, as (method, path suffix, body).</summary>
    private static IEnumerable<(HttpMethod Method, string Suffix, JsonObject? Body)> ByIdRoutes() =>
    [
        (HttpMethod.Get, string.Empty, null),
        (HttpMethod.Put, string.Empty, new JsonObject { ["name"] = "Hijacked" }),
        (HttpMethod.Put, string.Empty, new JsonObject { ["secret"] = "attacker-secret-value" }),
        (HttpMethod.Post, "/validate", null),
        (HttpMethod.Delete, string.Empty, null),
    ];

    [Fact]
    public async Task Another_organizations_token_gets_404_on_every_bucket_route_and_changes_nothing()
    {
        var secret = NewSecret();
        var victim = await CreateBucketAsync(body: ValidBody("Victim", secret));
        var id = victim["id"]!.GetValue<string>();
        var other = "org-b-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(other, bucketLimit: null);
        using var intruder = await TenantClientAsync(other, ["*"], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]);
        var before = await StoredAsync();

        foreach (var (method, suffix, body) in ByIdRoutes())
        {
            await AssertProblemAsync(await SendJsonAsync(intruder, method, $"/bucket/{id}{suffix}", body), HttpStatusCode.NotFound, "not_found");
        }

        var listed = await AssertOkAsync(await intruder.GetAsync("/bucket"));
        Assert.Empty(listed["buckets"]!.AsArray());
        Assert.Equal(before, await StoredAsync());
        Assert.Equal(StoredState.Empty, await StoredAsync(other));
        Assert.True(JsonNode.DeepEquals(victim, (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}")))["bucket"]));
        Assert.Equal(secret, (await StoredCredentialAsync(id))!.Secret.Reveal());
    }

    [Fact]
    public async Task A_token_limited_to_one_workspace_cannot_list_read_change_or_delete_another_workspaces_buckets()
    {
        using (var admin = Factory.CreateAdminClient())
        {
            await AssertOkAsync(await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/workspaces", new JsonObject { ["workspaceId"] = OtherWorkspace, ["name"] = "W2" }));
        }

        var mine = await CreateBucketAsync();
        var theirsBody = ValidBody();
        theirsBody["workspaceId"] = OtherWorkspace;
        var theirs = await CreateBucketAsync(body: theirsBody);
        using var limited = await TenantClientAsync(OrganizationId, [Workspace], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]);
        var before = await StoredAsync();

        var listed = await AssertOkAsync(await limited.GetAsync("/bucket"));
        Assert.Equal([mine["id"]!.GetValue<string>()], listed["buckets"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
        await AssertProblemAsync(await limited.GetAsync($"/bucket?workspaceId={OtherWorkspace}"), HttpStatusCode.Forbidden, "missing_capability");
        foreach (var (method, suffix, body) in ByIdRoutes())
        {
            await AssertProblemAsync(await SendJsonAsync(limited, method, $"/bucket/{theirs["id"]}{suffix}", body), HttpStatusCode.NotFound, "not_found");
        }

        await AssertProblemAsync(
            await SendJsonAsync(limited, HttpMethod.Put, $"/bucket/{mine["id"]}", new JsonObject { ["workspaceId"] = OtherWorkspace }),
            HttpStatusCode.Forbidden, "missing_capability");
        Assert.Equal(before, await StoredAsync());
        Assert.True(JsonNode.DeepEquals(theirs, (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{theirs["id"]}")))["bucket"]));
        Assert.True(JsonNode.DeepEquals(mine, (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{mine["id"]}")))["bucket"]));
    }

    [Theory]
    [InlineData("listBuckets")]
    [InlineData("readBuckets")]
    [InlineData("writeBuckets")]
    [InlineData("deleteBuckets")]
    public async Task Each_missing_capability_is_403_on_exactly_the_routes_that_need_it(string missing)
    {
        var all = new[] { "listBuckets", "readBuckets", "writeBuckets", "deleteBuckets" };
        using var client = await TenantClientAsync(OrganizationId, ["*"], all.Where(c => c != missing).ToArray());
        var existing = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var toDelete = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var routes = new (string Capability, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("writeBuckets", () => PostJsonAsync(client, "/bucket", ValidBody())),
            ("listBuckets", () => client.GetAsync("/bucket")),
            ("readBuckets", () => client.GetAsync($"/bucket/{existing}")),
            ("writeBuckets", () => SendJsonAsync(client, HttpMethod.Put, $"/bucket/{existing}", new JsonObject { ["name"] = "Renamed " + Guid.NewGuid().ToString("N")[..4] })),
            ("writeBuckets", () => PostJsonAsync(client, "/bucket/validate", ValidBody())),
            ("readBuckets", () => SendJsonAsync(client, HttpMethod.Post, $"/bucket/{existing}/validate", null)),
            ("deleteBuckets", () => client.DeleteAsync($"/bucket/{toDelete}")),
            ("none", () => client.GetAsync("/quota")),
        };

        foreach (var (capability, call) in routes)
        {
            var response = await call();
            if (capability == missing)
            {
                await AssertProblemAsync(response, HttpStatusCode.Forbidden, "missing_capability");
            }
            else
            {
                await AssertOkAsync(response);
            }
        }

        var created = missing == "writeBuckets" ? 0 : 1;
        var deleted = missing == "deleteBuckets" ? 0 : 1;
        Assert.Equal(2 + created - deleted, (await StoredAsync()).BucketRows);
    }
}
