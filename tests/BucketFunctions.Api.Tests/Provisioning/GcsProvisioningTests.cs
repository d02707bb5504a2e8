using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Gcs;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>
/// GCS provisioning end to end through HTTP: the app's real Google.Cloud.Storage.V1 client, with a service-account key,
/// against the GCS JSON API stand-in (which verifies the key's signed token). What each test asserts is what the stand-in
/// holds afterwards, and what was stored.
/// </summary>
public sealed class GcsProvisioningTests : ApiTestBase
{
    private const string Taken = "taken-bucket";

    private FakeGcs gcs = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        gcs = await FakeGcs.StartAsync(FakeGcs.ServiceAccount.Create(), new Dictionary<string, string[]> { [Taken] = [] });
    }

    public override async Task DisposeAsync()
    {
        await gcs.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_bucket_is_made_read_back_changed_and_deleted_at_the_provider()
    {
        var bucket = NewBucketName();
        var id = await CreateAsync(bucket, JsonNode.Parse("""
            { "storageClass": "NEARLINE", "bucketInfo": { "team": "data" },
              "corsRules": [{ "corsRuleName": "web-app", "allowedOrigins": ["https://app.example.com"], "allowedOperations": ["s3_get"] }] }
            """)!.AsObject());

        var sent = gcs.Inserted[bucket];
        Assert.Equal("NEARLINE", (string?)sent["storageClass"]);
        Assert.Equal("enforced", (string?)sent["iamConfiguration"]!["publicAccessPrevention"]);
        Assert.Equal("demo-project", Assert.Single(gcs.Projects));
        var read = await SettingsAsync(id);
        Assert.Equal("allPrivate", read["bucketType"]!.GetValue<string>());
        Assert.Equal("https://app.example.com", read["corsRules"]![0]!["allowedOrigins"]![0]!.GetValue<string>());

        await AssertOkAsync(await ChangeAsync(id, new JsonObject { ["versioning"] = true, ["bucketType"] = "allPublic" }));

        Assert.True((bool)gcs.Inserted[bucket]["versioning"]!["enabled"]!);
        Assert.Contains(gcs.Policies[bucket]["bindings"]!.AsArray(), b => (string?)b!["role"] == "roles/storage.objectViewer"
            && b["members"]!.AsArray().Any(m => (string?)m == "allUsers"));
        read = await SettingsAsync(id);
        Assert.True(read["versioning"]!.GetValue<bool>());
        Assert.Equal("allPublic", read["bucketType"]!.GetValue<string>());

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{id}?deleteAtProvider=true"));

        Assert.False(gcs.Buckets.ContainsKey(bucket));
        Assert.Equal(new StoredState(0, 0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task Versioning_once_on_is_not_switched_off_and_nothing_is_patched()
    {
        var bucket = NewBucketName();
        var id = await CreateAsync(bucket, new JsonObject { ["versioning"] = true });
        var patches = Patches();

        var problem = await AssertProblemAsync(
            await ChangeAsync(id, new JsonObject { ["versioning"] = false }), HttpStatusCode.BadRequest, "option_not_supported");

        Assert.Equal("provision.versioning", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(patches, Patches());
        Assert.True((bool)gcs.Inserted[bucket]["versioning"]!["enabled"]!);
    }

    /// <summary>GCS keeps no versions beside a retention policy: that one change is refused, and others still go through.</summary>
    [Fact]
    public async Task Versioning_is_refused_beside_a_retention_policy_while_other_changes_go_through()
    {
        var bucket = NewBucketName();
        var id = await CreateAsync(bucket, JsonNode.Parse("""
            { "fileLockEnabled": true, "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": 30, "unit": "days" } },
              "lifecycleRules": [{ "fileNamePrefix": "logs/", "daysFromUploadingToHiding": 10 }] }
            """)!.AsObject());
        var before = gcs.Inserted[bucket].ToJsonString();

        var problem = await AssertProblemAsync(
            await ChangeAsync(id, new JsonObject { ["versioning"] = true }), HttpStatusCode.BadRequest, "option_not_supported");

        Assert.Equal("provision.versioning", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(before, gcs.Inserted[bucket].ToJsonString());

        await AssertOkAsync(await ChangeAsync(id, new JsonObject { ["lifecycleRules"] = new JsonArray() }));

        Assert.Empty(gcs.Inserted[bucket]["lifecycle"]!["rule"]!.AsArray());
        Assert.Null(gcs.Inserted[bucket]["versioning"]);
    }

    [Fact]
    public async Task A_bucket_that_already_exists_is_left_alone_and_nothing_is_stored()
    {
        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", Body(Taken, new JsonObject())), HttpStatusCode.Conflict, "bucket_exists_at_provider");

        Assert.Equal("bucket", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.True(gcs.Buckets.ContainsKey(Taken));
        Assert.DoesNotContain("delete", gcs.Calls);
        Assert.Equal(new StoredState(0, 0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task A_broken_setting_is_named_by_field_and_pointer_and_nothing_is_made()
    {
        var provision = JsonNode.Parse("""
            { "corsRules": [{ "corsRuleName": "b2-x", "allowedOrigins": ["https://app.example.com"], "allowedOperations": ["s3_get"] }] }
            """)!.AsObject();

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", Body(NewBucketName(), provision)), HttpStatusCode.BadRequest, "validation_failed");

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal("provision.corsRules[0].corsRuleName", error["field"]!.GetValue<string>());
        Assert.Equal("/provision/corsRules/0/corsRuleName", error["pointer"]!.GetValue<string>());
        Assert.Empty(gcs.Calls);
        Assert.Equal(0, gcs.TokenRequests);
        Assert.Equal(new StoredState(0, 0, 0, 0), await StoredAsync());
    }

    private static string NewBucketName() => "gcs-prov-" + Guid.NewGuid().ToString("N")[..16];

    private int Patches() => gcs.Calls.Count(c => c == "patch");

    private JsonObject Body(string bucket, JsonObject provision) => new()
    {
        ["name"] = "GCS " + bucket,
        ["bucket"] = bucket,
        ["storageType"] = "GCS",
        ["key"] = gcs.Account.Email,
        ["secret"] = gcs.KeyFile(),
        ["region"] = "europe-west1",
        ["endpoint"] = gcs.Endpoint.ToString(),
        ["workspaceId"] = Workspace,
        ["provision"] = provision,
    };

    private async Task<string> CreateAsync(string bucket, JsonObject provision) =>
        (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", Body(bucket, provision))))["bucketId"]!.GetValue<string>();

    private Task<HttpResponseMessage> ChangeAsync(string id, JsonObject provision) =>
        SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["provision"] = provision });

    private async Task<JsonNode> SettingsAsync(string id) =>
        (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;
}
