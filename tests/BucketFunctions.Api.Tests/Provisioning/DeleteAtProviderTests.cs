using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Provisioning;

/// <summary>DELETE /bucket/{id}?deleteAtProvider=true: the provider's bucket goes too when it is empty, and nothing goes when it is not.</summary>
public sealed class DeleteAtProviderTests : ProvisionTestBase
{
    [Fact]
    public async Task An_empty_bucket_is_deleted_at_the_provider_and_unregistered()
    {
        var bucket = NewBucketName();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()))))["bucketId"]!.GetValue<string>();

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{id}?deleteAtProvider=true"));

        Assert.False(StandIn.Exists(bucket));
        Assert.Equal(new StoredState(0, 0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task A_bucket_that_is_not_empty_is_409_bucket_not_empty_and_stays_registered()
    {
        var bucket = NewBucketName();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()))))["bucketId"]!.GetValue<string>();
        StandIn.AddObject(bucket, "report.csv");

        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{id}?deleteAtProvider=true"), HttpStatusCode.Conflict, "bucket_not_empty");

        Assert.True(StandIn.Exists(bucket));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}"));
    }

    [Fact]
    public async Task Without_the_flag_the_bucket_stays_at_the_provider()
    {
        var bucket = NewBucketName();
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(bucket, new JsonObject()))))["bucketId"]!.GetValue<string>();

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{id}"));

        Assert.True(StandIn.Exists(bucket));
        Assert.Equal(0, StandIn.CallCount("DELETE bucket"));
        Assert.Equal(new StoredState(0, 0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task A_flag_that_is_not_true_or_false_is_400_and_deletes_nothing()
    {
        var id = (await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ProvisionBody(NewBucketName(), new JsonObject()))))["bucketId"]!.GetValue<string>();

        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{id}?deleteAtProvider=yes"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task An_azure_container_is_deleted_only_when_empty()
    {
        var service = new BlobServiceClient(Azurite.ConnectionString);
        var full = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var empty = "prov-" + Guid.NewGuid().ToString("N")[..20];
        var fullId = await CreateContainerBucketAsync(full);
        var emptyId = await CreateContainerBucketAsync(empty);
        await service.GetBlobContainerClient(full).UploadBlobAsync("keep.txt", BinaryData.FromString("x"));

        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{fullId}?deleteAtProvider=true"), HttpStatusCode.Conflict, "bucket_not_empty");
        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{emptyId}?deleteAtProvider=true"));

        Assert.True(await service.GetBlobContainerClient(full).ExistsAsync());
        Assert.False(await service.GetBlobContainerClient(empty).ExistsAsync());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }
}
