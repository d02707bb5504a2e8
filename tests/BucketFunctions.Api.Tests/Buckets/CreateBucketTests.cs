using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Buckets;

public sealed class CreateBucketTests : ApiTestBase
{
    [Fact]
    public async Task Create_returns_200_with_the_bucket_id_and_resource_and_stores_it()
    {
        var body = ValidBody(name: "My Backup Bucket");

        var response = await PostJsonAsync(Tenant, "/bucket", body);

        var json = await AssertOkAsync(response);
        var bucketId = json["bucketId"]!.GetValue<Guid>();
        var bucket = json["bucket"]!.AsObject();
        Assert.Equal(bucketId, bucket["id"]!.GetValue<Guid>());
        Assert.Equal("My Backup Bucket", bucket["name"]!.GetValue<string>());
        Assert.Equal(S3rver.BucketName, bucket["bucket"]!.GetValue<string>());
        Assert.Equal("S3", bucket["storageType"]!.GetValue<string>());
        Assert.Equal("us-east-1", bucket["region"]!.GetValue<string>());
        Assert.Equal(Workspace, bucket["workspaceId"]!.GetValue<string>());
        Assert.Equal("S...R", bucket["keyHint"]!.GetValue<string>());
        Assert.Equal(body["endpoint"]!.GetValue<string>(), bucket["endpoint"]!.GetValue<string>());
        Assert.Equal("ONLINE", bucket["status"]!.GetValue<string>());
        Assert.Equal(1, bucket["revision"]!.GetValue<long>());
        Assert.Null(bucket["secret"]);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task Create_ignores_unknown_fields_so_clients_sending_extras_keep_working()
    {
        var body = ValidBody();
        body["clientRequestTag"] = "extra fields are ignored";
        body["nested"] = new JsonObject { ["anything"] = 1 };

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", body));
    }

    [Fact]
    public async Task Create_returns_409_when_the_name_is_used_in_the_organization_case_insensitively()
    {
        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody(name: "Nightly Backups")));
        var before = await StoredAsync();

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody(name: "NIGHTLY backups")), HttpStatusCode.Conflict, "duplicate_bucket_name");

        Assert.Equal("/name", problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_429_with_current_and_max_when_organization_is_at_its_limit()
    {
        var organization = "org-limit-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(organization, bucketLimit: 10);
        using var tenant = await TenantClientAsync(organization, ["*"], ["writeBuckets"]);
        for (var i = 0; i < 10; i++)
        {
            await AssertOkAsync(await PostJsonAsync(tenant, "/bucket", ValidBody(name: $"bucket {i}")));
        }

        var problem = await AssertProblemAsync(await PostJsonAsync(tenant, "/bucket", ValidBody(name: "the eleventh")), HttpStatusCode.TooManyRequests, "too_many_buckets");

        Assert.Equal(10, problem["current"]!.GetValue<int>());
        Assert.Equal(10, problem["max"]!.GetValue<int>());
        Assert.Equal(new StoredState(10, 10, 10, 10), await StoredAsync(organization));
    }

    [Fact]
    public async Task Concurrent_creates_past_the_limit_store_exactly_the_limit()
    {
        var organization = "org-race-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(organization, bucketLimit: 3);
        using var tenant = await TenantClientAsync(organization, ["*"], ["writeBuckets"]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => PostJsonAsync(tenant, "/bucket", ValidBody(name: $"race {i}"))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(new StoredState(3, 3, 3, 3), await StoredAsync(organization));
    }

    [Fact]
    public async Task Create_returns_400_credentials_rejected_for_an_unknown_access_key()
    {
        var body = ValidBody();
        body["key"] = "AKIAUNKNOWNKEY000000";

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "credentials_rejected");

        Assert.Contains(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == "key");
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_400_bucket_not_found_at_provider_when_the_bucket_does_not_exist()
    {
        var body = ValidBody();
        body["bucket"] = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8];

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "bucket_not_found_at_provider");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_502_provider_unavailable_when_the_endpoint_does_not_answer()
    {
        var body = ValidBody();
        body["endpoint"] = $"http://127.0.0.1:{ClosedPort()}";

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadGateway, "provider_unavailable");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("https://10.0.0.5")]
    [InlineData("https://169.254.169.254/latest")]
    public async Task Create_returns_400_endpoint_not_allowed_for_plain_http_or_internal_addresses(string endpoint)
    {
        var body = ValidBody();
        body["endpoint"] = endpoint;

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "endpoint_not_allowed");

        Assert.Equal("/endpoint", problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_400_unknown_workspace_for_a_workspace_not_registered_for_the_organization()
    {
        var body = ValidBody();
        body["workspaceId"] = "ws-nobody-registered";

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "unknown_workspace");

        Assert.Equal("/workspaceId", problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_403_when_the_token_lacks_writeBuckets()
    {
        using var reader = await TenantClientAsync(OrganizationId, ["*"], ["listBuckets", "readBuckets"]);

        await AssertProblemAsync(await PostJsonAsync(reader, "/bucket", ValidBody()), HttpStatusCode.Forbidden, "missing_capability");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_403_when_the_token_is_limited_to_other_workspaces()
    {
        using (var admin = Factory.CreateAdminClient())
        {
            (await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/workspaces", new JsonObject { ["workspaceId"] = "ws-other", ["name"] = "Other" })).EnsureSuccessStatusCode();
        }

        using var limited = await TenantClientAsync(OrganizationId, ["ws-other"], ["writeBuckets"]);
        var noWorkspace = ValidBody();
        noWorkspace.Remove("workspaceId");

        await AssertProblemAsync(await PostJsonAsync(limited, "/bucket", ValidBody()), HttpStatusCode.Forbidden, "missing_capability");
        var missing = await AssertProblemAsync(await PostJsonAsync(limited, "/bucket", noWorkspace), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("workspaceId", missing["errors"]![0]!["field"]!.GetValue<string>());
        var allowed = ValidBody();
        allowed["workspaceId"] = "ws-other";
        await AssertOkAsync(await PostJsonAsync(limited, "/bucket", allowed));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task The_organization_comes_from_the_token_not_the_body()
    {
        var other = "org-other-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(other, bucketLimit: null);
        var body = ValidBody();
        body["organizationId"] = other;

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", body));

        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync(OrganizationId));
        Assert.Equal(StoredState.Empty, await StoredAsync(other));
    }
}
