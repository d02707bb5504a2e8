using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using BucketFunctions.Api.Tests.Faults;
using BucketFunctions.StandIns;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>
/// A provisioning test class: the app with fault cues, plus an S3 stand-in (for what s3rver lacks) and readers that look at
/// what the provider holds through the real AWS client, never at what the API answered.
/// </summary>
public abstract class ProvisionTestBase : FaultTestBase
{
    protected S3StandIn StandIn { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StandIn = await S3StandIn.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await StandIn.DisposeAsync();
        await base.DisposeAsync();
    }

    protected static string NewBucketName() => "prov-" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>A create body for a new bucket at <paramref name="endpoint"/> (the stand-in unless given) with this provision object.</summary>
    protected JsonObject ProvisionBody(string bucket, JsonObject provision, Uri? endpoint = null, string? key = null) => new()
    {
        ["name"] = "Provisioned " + Guid.NewGuid().ToString("N")[..6],
        ["bucket"] = bucket,
        ["storageType"] = "S3",
        ["key"] = key ?? S3StandIn.AccessKey,
        ["secret"] = NewSecret(),
        ["region"] = "us-east-1",
        ["endpoint"] = (endpoint ?? StandIn.Endpoint).ToString(),
        ["workspaceId"] = Workspace,
        ["provision"] = provision,
    };

    /// <summary>Creates an Azurite container through the API with this provision object (none given: an empty one); its bucket id.</summary>
    protected async Task<string> CreateContainerBucketAsync(string container, JsonObject? provision = null) =>
        (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", new JsonObject
        {
            ["name"] = "Container " + container,
            ["bucket"] = container,
            ["storageType"] = "AZURE",
            ["key"] = Azurite.AccountName,
            ["secret"] = Azurite.AccountKey,
            ["endpoint"] = Azurite.BlobEndpoint.ToString(),
            ["workspaceId"] = Workspace,
            ["provision"] = provision ?? new JsonObject(),
        })))["bucketId"]!.GetValue<string>();

    /// <summary>The real AWS client, pointed at <paramref name="endpoint"/>, to read back what the provider holds.</summary>
    protected static AmazonS3Client ProviderClient(Uri endpoint, string key) => new(
        new BasicAWSCredentials(key, "any-secret"),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
