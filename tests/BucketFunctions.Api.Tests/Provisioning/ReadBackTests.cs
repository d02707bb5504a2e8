using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>GET /bucket/{id}?settings=true: the provisioning block is read from the provider, in B2's answer shape.</summary>
public sealed class ReadBackTests : ProvisionTestBase
{
    [Fact]
    public async Task The_settings_read_back_are_what_the_create_asked_for_in_b2s_shape()
    {
        var provision = JsonNode.Parse("""
            {
              "bucketType": "allPublic", "fileLockEnabled": true,
              "defaultRetention": { "mode": "COMPLIANCE", "period": { "duration": 2, "unit": "years" } },
              "corsRules": [{ "corsRuleName": "browser", "allowedOrigins": ["https://app.example.com"], "allowedOperations": ["s3_get", "s3_head"],
                              "allowedHeaders": ["range"], "exposeHeaders": ["ETag"], "maxAgeSeconds": 60 }],
              "lifecycleRules": [{ "fileNamePrefix": "tmp/", "daysFromUploadingToHiding": 1, "daysFromHidingToDeleting": 2 }],
              "defaultServerSideEncryption": { "mode": "SSE-B2", "algorithm": "AES256" },
              "bucketInfo": { "team": "data" }
            }
            """)!.AsObject();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(NewBucketName(), provision))))["bucketId"]!
            .GetValue<string>();

        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;

        Assert.Equal("allPublic", read["bucketType"]!.GetValue<string>());
        Assert.True(read["versioning"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            { "isFileLockEnabled": true, "defaultRetention": { "mode": "COMPLIANCE", "period": { "duration": 2, "unit": "years" } } }
            """), read["fileLockConfiguration"]));
        Assert.True(JsonNode.DeepEquals(provision["corsRules"], read["corsRules"]), read["corsRules"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(provision["lifecycleRules"], read["lifecycleRules"]), read["lifecycleRules"]!.ToJsonString());
        Assert.Equal("SSE-B2", read["defaultServerSideEncryption"]!["mode"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(provision["bucketInfo"], read["bucketInfo"]));
    }

    [Fact]
    public async Task A_setting_changed_at_the_provider_shows_as_the_provider_holds_it()
    {
        var bucket = NewBucketName();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()))))["bucketId"]!
            .GetValue<string>();
        using var s3 = ProviderClient(StandIn.Endpoint, StandIns.S3StandIn.AccessKey);
        await s3.PutBucketVersioningAsync(new Amazon.S3.Model.PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new Amazon.S3.Model.S3BucketVersioningConfig { Status = Amazon.S3.VersionStatus.Enabled },
        });

        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;

        Assert.True(read["versioning"]!.GetValue<bool>());
        Assert.Equal("allPrivate", read["bucketType"]!.GetValue<string>());
        Assert.Empty(read["corsRules"]!.AsArray());
    }

    [Fact]
    public async Task Without_the_flag_the_provider_is_not_asked()
    {
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(NewBucketName(), new JsonObject()))))["bucketId"]!
            .GetValue<string>();
        var calls = StandIn.Calls.Count;

        var body = await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}"));

        Assert.Null(body["provisioning"]);
        Assert.Equal(calls, StandIn.Calls.Count);
    }

    [Fact]
    public async Task A_bucket_gone_at_the_provider_is_400_bucket_not_found_at_provider()
    {
        var bucket = NewBucketName();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()))))["bucketId"]!
            .GetValue<string>();
        using var s3 = ProviderClient(StandIn.Endpoint, StandIns.S3StandIn.AccessKey);
        await s3.DeleteBucketAsync(bucket);

        await AssertProblemAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true"), HttpStatusCode.BadRequest, "bucket_not_found_at_provider");
    }

    [Fact]
    public async Task An_azure_container_reads_back_its_public_access_and_metadata()
    {
        var container = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var id = await CreateContainerBucketAsync(
            container, new JsonObject { ["bucketType"] = "allPublic", ["bucketInfo"] = new JsonObject { ["owner"] = "tests" } });

        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;

        Assert.Equal("allPublic", read["bucketType"]!.GetValue<string>());
        Assert.False(read["versioning"]!.GetValue<bool>());
        Assert.Equal("tests", read["bucketInfo"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bucket_on_s3rver_reads_back_what_s3rver_keeps()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();

        var read = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}?settings=true")))["provisioning"]!;

        Assert.Equal("allPrivate", read["bucketType"]!.GetValue<string>());
        Assert.False(read["versioning"]!.GetValue<bool>());
    }
}
