using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>PUT /bucket/{id} with provision: what the provider allows after creation changes there, the rest is refused.</summary>
public sealed class ChangeSettingsTests : ProvisionTestBase
{
    [Fact]
    public async Task Cors_visibility_and_versioning_change_at_the_provider_and_the_registration_keeps_its_revision()
    {
        var (id, _) = await CreateAsync(new JsonObject { ["corsRules"] = Cors("first-rule", "https://old.example.com") });
        var change = new JsonObject
        {
            ["provision"] = new JsonObject
            {
                ["bucketType"] = "allPublic",
                ["versioning"] = true,
                ["corsRules"] = Cors("second-rule", "https://new.example.com"),
                ["lifecycleRules"] = new JsonArray(),
            },
        };

        var updated = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", change));

        Assert.Equal(1, updated["bucket"]!["revision"]!.GetValue<long>());
        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;
        Assert.Equal("allPublic", read["bucketType"]!.GetValue<string>());
        Assert.True(read["versioning"]!.GetValue<bool>());
        var rule = Assert.Single(read["corsRules"]!.AsArray())!;
        Assert.Equal("second-rule", rule["corsRuleName"]!.GetValue<string>());
        Assert.Equal("https://new.example.com", rule["allowedOrigins"]![0]!.GetValue<string>());
        Assert.Equal(1, StandIn.CallCount("DELETE lifecycle"));
    }

    [Fact]
    public async Task Versioning_is_never_switched_off_once_on()
    {
        var (id, _) = await CreateAsync(new JsonObject { ["versioning"] = true });
        var calls = StandIn.Calls.Count(c => c.StartsWith("PUT", StringComparison.Ordinal));

        var problem = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["provision"] = new JsonObject { ["versioning"] = false } }),
            HttpStatusCode.BadRequest, "option_not_supported");

        Assert.Equal("provision.versioning", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(calls, StandIn.Calls.Count(c => c.StartsWith("PUT", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task What_is_set_only_at_creation_is_refused_naming_each_option()
    {
        var (id, _) = await CreateAsync(new JsonObject());
        var change = JsonNode.Parse("""
            { "provision": { "fileLockEnabled": true, "defaultServerSideEncryption": { "mode": "SSE-B2" }, "bucketInfo": { "a": "b" } } }
            """)!.AsObject();

        var problem = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", change), HttpStatusCode.BadRequest, "option_not_supported");

        Assert.Equal(
            ["provision.fileLockEnabled", "provision.defaultServerSideEncryption", "provision.bucketInfo"],
            problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_retention_default_changes_on_a_locked_bucket_and_is_refused_on_one_made_without_lock()
    {
        var (locked, _) = await CreateAsync(JsonNode.Parse("""
            { "fileLockEnabled": true, "defaultRetention": { "mode": "GOVERNANCE", "period": { "duration": 30, "unit": "days" } } }
            """)!.AsObject());
        var (plain, _) = await CreateAsync(new JsonObject());
        var change = JsonNode.Parse("""
            { "provision": { "defaultRetention": { "mode": "COMPLIANCE", "period": { "duration": 2, "unit": "years" } } } }
            """)!.AsObject();

        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{locked}", change));
        await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{plain}", change.DeepClone()), HttpStatusCode.BadRequest, "option_not_supported");

        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{locked}?settings=true")))["provisioning"]!;
        Assert.Equal("COMPLIANCE", read["fileLockConfiguration"]!["defaultRetention"]!["mode"]!.GetValue<string>());
        Assert.Equal(2, read["fileLockConfiguration"]!["defaultRetention"]!["period"]!["duration"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_change_the_provider_refuses_is_400_provisioning_failed_naming_the_setting()
    {
        var (id, _) = await CreateAsync(new JsonObject());
        StandIn.Fail("PUT cors", 400, "MalformedXML");

        var problem = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}",
                new JsonObject { ["provision"] = new JsonObject { ["corsRules"] = Cors("browser", "*") } }),
            HttpStatusCode.BadRequest, "provisioning_failed");

        Assert.Equal("provision.corsRules", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Contains("MalformedXML", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_azure_container_changes_its_public_access()
    {
        var container = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var id = await CreateContainerBucketAsync(container);

        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}",
            new JsonObject { ["provision"] = new JsonObject { ["bucketType"] = "allPublic" } }));

        var properties = (await new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(container).GetPropertiesAsync()).Value;
        Assert.Equal(PublicAccessType.Blob, properties.PublicAccess);
    }

    private async Task<(string Id, string Bucket)> CreateAsync(JsonObject provision)
    {
        var bucket = NewBucketName();
        var created = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, provision)));
        return (created["bucketId"]!.GetValue<string>(), bucket);
    }

    private static JsonArray Cors(string name, string origin) =>
        [new JsonObject { ["corsRuleName"] = name, ["allowedOrigins"] = new JsonArray(origin), ["allowedOperations"] = new JsonArray("s3_get") }];
}
