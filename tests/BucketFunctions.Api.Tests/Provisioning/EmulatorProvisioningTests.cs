using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>
/// POST /bucket with provision against the real emulators where they hold the setting: s3rver creates, deletes and keeps
/// CORS; Azurite makes containers with a public access level and metadata. What each provider holds is read back through
/// its own SDK client.
/// </summary>
public sealed class EmulatorProvisioningTests : ApiTestBase
{
    [Fact]
    public async Task S3rver_creates_the_bucket_with_its_cors_rules_and_the_bucket_is_registered()
    {
        var bucket = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var body = S3rverBody(bucket, JsonNode.Parse("""
            { "corsRules": [{ "corsRuleName": "browser-reads", "allowedOrigins": ["https://app.example.com"],
                              "allowedOperations": ["s3_get", "s3_head"], "maxAgeSeconds": 600 }] }
            """)!.AsObject());

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", body));

        using var s3 = S3rverClient();
        var rule = Assert.Single((await s3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket })).Configuration.Rules);
        Assert.Equal(["https://app.example.com"], rule.AllowedOrigins);
        Assert.Equal(["GET", "HEAD"], rule.AllowedMethods);
        Assert.Equal(600, rule.MaxAgeSeconds);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task S3rver_refusing_versioning_rolls_the_new_bucket_back()
    {
        var bucket = "prov-" + Guid.NewGuid().ToString("N")[..20];

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", S3rverBody(bucket, new JsonObject { ["versioning"] = true })),
            HttpStatusCode.BadRequest, "provisioning_failed");

        Assert.Equal("provision.versioning", problem["errors"]![0]!["field"]!.GetValue<string>());
        using var s3 = S3rverClient();
        Assert.DoesNotContain(bucket, (await s3.ListBucketsAsync()).Buckets?.Select(b => b.BucketName) ?? []);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task S3rver_answers_an_existing_bucket_with_409_and_keeps_it()
    {
        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", S3rverBody(S3rver.BucketName, new JsonObject())),
            HttpStatusCode.Conflict, "bucket_exists_at_provider");

        Assert.Contains(S3rver.BucketName, problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        using var s3 = S3rverClient();
        Assert.Contains(S3rver.BucketName, (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Theory]
    [InlineData("allPrivate", null)]
    [InlineData("allPublic", "blob")]
    public async Task Azurite_creates_the_container_with_its_public_access_and_metadata(string bucketType, string? access)
    {
        var container = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var provision = new JsonObject
        {
            ["bucketType"] = bucketType,
            ["bucketInfo"] = new JsonObject { ["team"] = "data", ["costCenter"] = "42" },
        };

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", AzureBody(container, provision)));

        var properties = (await new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(container).GetPropertiesAsync()).Value;
        Assert.Equal(access is null ? PublicAccessType.None : PublicAccessType.Blob, properties.PublicAccess ?? PublicAccessType.None);
        Assert.Equal("data", properties.Metadata["team"]);
        Assert.Equal("42", properties.Metadata["costCenter"]);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task Azure_refuses_account_level_options_naming_each_and_creates_nothing()
    {
        var container = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var provision = JsonNode.Parse("""
            { "versioning": true, "lifecycleRules": [{ "fileNamePrefix": "", "daysFromUploadingToHiding": 3 }],
              "corsRules": [{ "corsRuleName": "browser", "allowedOrigins": ["*"], "allowedOperations": ["GET"] }],
              "defaultServerSideEncryption": { "mode": "SSE-B2" }, "storageClass": "Cool" }
            """)!.AsObject();

        var problem = await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", AzureBody(container, provision)), HttpStatusCode.BadRequest, "option_not_supported");

        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(
            ["provision.versioning", "provision.lifecycleRules", "provision.corsRules", "provision.defaultServerSideEncryption",
             "provision.storageClass"],
            fields);
        Assert.All(problem["errors"]!.AsArray(), e => Assert.Contains("storage account", e!["message"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.False(await new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(container).ExistsAsync());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Azure_answers_an_existing_container_with_409_and_keeps_its_blobs()
    {
        var container = await Azurite.CreateContainerAsync();
        await new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient(container).UploadBlobAsync("keep.txt", BinaryData.FromString("x"));

        await AssertProblemAsync(
            await PostJsonAsync(Tenant, "/bucket", AzureBody(container, new JsonObject())), HttpStatusCode.Conflict, "bucket_exists_at_provider");

        Assert.Equal("keep.txt", await Azurite.ListBlobsAsync(container));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    private JsonObject S3rverBody(string bucket, JsonObject provision)
    {
        var body = ValidBody();
        body["bucket"] = bucket;
        body["provision"] = provision;
        return body;
    }

    private JsonObject AzureBody(string container, JsonObject provision) => new()
    {
        ["name"] = "Container " + Guid.NewGuid().ToString("N")[..6],
        ["bucket"] = container,
        ["storageType"] = "AZURE",
        ["key"] = Azurite.AccountName,
        ["secret"] = Azurite.AccountKey,
        ["endpoint"] = Azurite.BlobEndpoint.ToString(),
        ["workspaceId"] = Workspace,
        ["provision"] = provision,
    };

    private AmazonS3Client S3rverClient() => new(
        new Amazon.Runtime.BasicAWSCredentials(S3rver.AccessKey, S3rver.SecretKey),
        new AmazonS3Config { ServiceURL = S3.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}
