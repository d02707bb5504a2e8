using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using static BucketFunctions.Api.Tests.Flashback.FlashbackShapes;

namespace BucketFunctions.Api.Tests.Flashback;

/// <summary>
/// Flashback's own TypeScript client pointed at this API, as a new user would: every bucket and quota call it makes,
/// built as its <c>makeRequest</c> builds them (<see cref="FlashbackApiClient"/>), and every answer checked against the
/// interface its source declares for it (<see cref="FlashbackShapes"/>), field by field. Azure buckets live in Azurite,
/// which checks Shared Key and SAS signatures, so a wrong secret is refused for real; S3 buckets in s3rver.
/// </summary>
public sealed class FlashbackClientTests : ApiTestBase
{
    private FlashbackApiClient Client(HttpClient? http = null) => new(http ?? Tenant);

    private CreateBucketRequest AzureRequest(
        string container, string storageType = "BLOB", string? secret = null, string? walletAddress = null) =>
        new("Blobs " + Guid.NewGuid().ToString("N")[..6], container, storageType, Azurite.AccountName, secret ?? Azurite.AccountKey,
            Azurite.BlobEndpoint.ToString(), Region: null, Workspace, walletAddress);

    private CreateBucketRequest S3Request(string? walletAddress = null) =>
        new("Backups " + Guid.NewGuid().ToString("N")[..6], S3rver.BucketName, "S3", S3rver.AccessKey, NewSecret(),
            S3.Endpoint.ToString(), "us-east-1", Workspace, walletAddress);

    private static string Sas(string container) =>
        AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddHours(1)));

    private static string WrongAccountKey() => Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());

    private async Task<string> CreateAsync(FlashbackApiClient client, CreateBucketRequest request) =>
        AssertFits(CreateBucketResponse, await client.CreateStorageBucketAsync(request))["bucketId"]!.GetValue<string>();

    private async Task<JsonObject> ReadAsync(string bucketId) =>
        (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{bucketId}")))["bucket"]!.AsObject();

    private static async Task<FlashbackHttpError> RefusedAsync(Func<Task> call, HttpStatusCode status, string code)
    {
        var error = await Assert.ThrowsAsync<FlashbackHttpError>(call);
        Assert.Equal((int)status, error.Status);
        Assert.StartsWith("application/json", error.ContentType, StringComparison.Ordinal);
        var data = AssertFits(ErrorResponse, error.ErrorData);
        Assert.Equal(code, data["code"]!.GetValue<string>());
        Assert.False(data["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(data["message"]!.GetValue<string>()));
        return error;
    }

    [Fact]
    public async Task Azure_registered_as_BLOB_lists_and_reads_as_BLOB_with_both_list_arguments_undefined()
    {
        var client = Client();
        var container = await Azurite.CreateContainerAsync();

        var blobId = await CreateAsync(client, AzureRequest(container, walletAddress: "GBLOBWALLET"));
        var listed = AssertFits(GetBucketsResponse, await client.GetStorageBucketsAsync());
        var listedWith = client.LastRequest;
        var azureId = await CreateAsync(client, AzureRequest(container, storageType: "AZURE"));  // not in the client's enum

        Assert.Equal("bucket?workspaceId=undefined&walletAddress=undefined", listedWith);
        var blob = Assert.Single(listed["buckets"]!.AsArray())!.AsObject();
        Assert.Equal(blobId, blob["id"]!.GetValue<string>());
        Assert.Equal(
            (container, "BLOB", Workspace, "GBLOBWALLET", "ONLINE", (string?)null),
            (blob["bucket"]!.GetValue<string>(), blob["storageType"]!.GetValue<string>(), blob["workspaceId"]!.GetValue<string>(),
             blob["walletAddress"]!.GetValue<string>(), blob["status"]!.GetValue<string>(), blob["region"]?.GetValue<string>()));
        Assert.False(blob.ContainsKey("secret"));
        Assert.Equal("BLOB", (await ReadAsync(blobId))["storageType"]!.GetValue<string>());
        Assert.Equal("AZURE", (await ReadAsync(azureId))["storageType"]!.GetValue<string>());
        var row = (await StoredBucketRowAsync(blobId))!;
        Assert.Equal(("BLOB", "GBLOBWALLET"), ((string?)row["StorageType"], (string?)row["WalletAddress"]));
        Assert.Equal(new StoredState(2, 2, 2, 2), await StoredAsync());
    }

    [Fact]
    public async Task The_list_filters_by_wallet_and_workspace_and_reads_undefined_null_and_empty_as_absent()
    {
        var client = Client();
        var a = await CreateAsync(client, S3Request(walletAddress: "GWALLETA"));
        var b = await CreateAsync(client, S3Request(walletAddress: "0xB0b"));
        var none = await CreateAsync(client, S3Request());

        async Task<string[]> IdsAsync(string? workspaceId, string? walletAddress) =>
            AssertFits(GetBucketsResponse, await client.GetStorageBucketsAsync(workspaceId, walletAddress))["buckets"]!.AsArray()
                .Select(x => x!["id"]!.GetValue<string>()).Order().ToArray();

        Assert.Equal([a], await IdsAsync(Workspace, "GWALLETA"));
        Assert.Equal([b], await IdsAsync(null, "0xB0b"));
        Assert.Empty(await IdsAsync(null, "0xb0b"));
        Assert.Empty(await IdsAsync(null, "GNOBODY"));
        string[] all = [a, b, none];
        Assert.Equal(all.Order(), await IdsAsync(Workspace, null));
        Assert.Equal(all.Order(), await IdsAsync(null, null));
        Assert.Equal(all.Order(), await IdsAsync("null", "null"));
        Assert.Equal(all.Order(), await IdsAsync(string.Empty, string.Empty));
        var refused = await RefusedAsync(() => client.GetStorageBucketsAsync(null, "G A"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("walletAddress", Assert.Single(refused.ErrorData!["errors"]!.AsArray())!["field"]!.GetValue<string>());
        Assert.Equal("GWALLETA", (await ReadAsync(a))["walletAddress"]!.GetValue<string>());
        Assert.Null((await ReadAsync(none))["walletAddress"]);
    }

    [Fact]
    public async Task Validate_without_a_body_checks_the_stored_credential_and_records_the_status()
    {
        var client = Client();
        var id = await CreateAsync(client, S3Request());
        var before = await ReadAsync(id);
        await Task.Delay(20);

        var report = AssertFits(ValidateBucketResponse, await client.ValidateStorageBucketAsync(id, null));

        Assert.Equal((true, "ONLINE"), (report["success"]!.GetValue<bool>(), report["status"]!.GetValue<string>()));
        Assert.True(report["latency_ms"]!.GetValue<long>() >= 0);
        var after = await ReadAsync(id);
        Assert.True(after["lastStatusAt"]!.GetValue<DateTimeOffset>() > before["lastStatusAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1L, after["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task Validate_with_a_body_checks_those_credentials_against_the_bucket_and_stores_nothing()
    {
        var client = Client();
        var container = await Azurite.CreateContainerAsync();
        var id = await CreateAsync(client, AzureRequest(container));
        var bucketBefore = await ReadAsync(id);
        var storedBefore = await StoredAsync();

        var wrongSecret = AssertFits(ValidateBucketResponse,
            await client.ValidateStorageBucketAsync(id, new ValidateBucketRequest(container, Azurite.AccountName, WrongAccountKey())));
        var otherBucket = AssertFits(ValidateBucketResponse,
            await client.ValidateStorageBucketAsync(id, new ValidateBucketRequest("missing-" + Guid.NewGuid().ToString("N")[..12])));
        var sas = AssertFits(ValidateBucketResponse,
            await client.ValidateStorageBucketAsync(id, new ValidateBucketRequest(container, Azurite.AccountName, Sas(container))));
        var sasWithoutKey = AssertFits(ValidateBucketResponse,
            await client.ValidateStorageBucketAsync(id, new ValidateBucketRequest(container, Secret: Sas(container))));

        Assert.Equal((false, "UNAUTHORIZED"), (wrongSecret["success"]!.GetValue<bool>(), wrongSecret["status"]!.GetValue<string>()));
        Assert.Equal((false, "NOT_FOUND"), (otherBucket["success"]!.GetValue<bool>(), otherBucket["status"]!.GetValue<string>()));
        Assert.Equal((true, "ONLINE"), (sas["success"]!.GetValue<bool>(), sas["status"]!.GetValue<string>()));
        Assert.Equal((true, "ONLINE"), (sasWithoutKey["success"]!.GetValue<bool>(), sasWithoutKey["status"]!.GetValue<string>()));
        Assert.True(wrongSecret["latency_ms"]!.GetValue<long>() >= 0);
        Assert.True(JsonNode.DeepEquals(bucketBefore, await ReadAsync(id)), "the bucket changed: " + (await ReadAsync(id)).ToJsonString());
        Assert.Equal(Azurite.AccountKey, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.Equal(storedBefore, await StoredAsync());
        var refused = await RefusedAsync(
            () => client.ValidateStorageBucketAsync(id, new ValidateBucketRequest("Not_A_Container")),
            HttpStatusCode.BadRequest,
            "validation_failed");
        Assert.Equal("bucket", Assert.Single(refused.ErrorData!["errors"]!.AsArray())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_full_body_PUT_changes_only_what_differs_and_proves_a_changed_credential_before_storing_it()
    {
        var client = Client();
        var container = await Azurite.CreateContainerAsync();
        var create = AzureRequest(container, walletAddress: "GFIRST");
        var id = await CreateAsync(client, create);
        var created = await ReadAsync(id);
        var store = Factory.Services.GetRequiredService<Core.Buckets.IBucketStore>();
        async Task<string?> CredentialVersionAsync() =>
            (await store.GetAsync(OrganizationId, Guid.Parse(id), CancellationToken.None))!.CredentialVersion;
        var version = await CredentialVersionAsync();

        var same = AssertFits(UpdateBucketResponse, await client.UpdateStorageBucketAsync(id, create));
        var renamed = AssertFits(
            UpdateBucketResponse, await client.UpdateStorageBucketAsync(id, create with { Name = "Renamed", WalletAddress = "GSECOND" }));

        Assert.Equal((id, "ONLINE"), (same["bucketId"]!.GetValue<string>(), same["status"]!.GetValue<string>()));
        Assert.Null(same["latency_ms"]);
        Assert.True(JsonNode.DeepEquals(created, same["bucket"]), "an unchanged body changed the bucket: " + same.ToJsonString());
        Assert.Null(renamed["latency_ms"]);
        Assert.Equal(("Renamed", "GSECOND", 2L), (renamed["bucket"]!["name"]!.GetValue<string>(),
            renamed["bucket"]!["walletAddress"]!.GetValue<string>(), renamed["bucket"]!["revision"]!.GetValue<long>()));
        Assert.Equal(created["lastStatusAt"]!.GetValue<DateTimeOffset>(), renamed["bucket"]!["lastStatusAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(version, await CredentialVersionAsync());

        var wrong = create with { Name = "Renamed", WalletAddress = "GSECOND", Secret = WrongAccountKey() };
        await RefusedAsync(() => client.UpdateStorageBucketAsync(id, wrong), HttpStatusCode.BadRequest, "credentials_rejected");
        Assert.Equal(Azurite.AccountKey, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.Equal(2L, (await ReadAsync(id))["revision"]!.GetValue<long>());

        var sas = Sas(container);
        var moved = AssertFits(UpdateBucketResponse, await client.UpdateStorageBucketAsync(id, wrong with { Secret = sas }));
        Assert.True(moved["latency_ms"]!.GetValue<long>() >= 0);
        Assert.Equal(("BLOB", 3L), (moved["bucket"]!["storageType"]!.GetValue<string>(), moved["bucket"]!["revision"]!.GetValue<long>()));
        Assert.Equal(sas, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.NotEqual(version, await CredentialVersionAsync());

        var respelled = AssertFits(
            UpdateBucketResponse, await client.UpdateStorageBucketAsync(id, wrong with { Secret = sas, StorageType = "AZURE" }));
        var respelledBucket = respelled["bucket"]!;
        Assert.Equal(("AZURE", 4L), (respelledBucket["storageType"]!.GetValue<string>(), respelledBucket["revision"]!.GetValue<long>()));
        Assert.Null(respelled["latency_ms"]);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task Errors_reach_the_client_as_json_with_their_body()
    {
        var client = Client();
        var missing = new CreateBucketRequest(
            "Incomplete", S3rver.BucketName, "S3", Key: null, Secret: null, Endpoint: null, Region: null, Workspace);

        var invalid = await RefusedAsync(() => client.CreateStorageBucketAsync(missing), HttpStatusCode.BadRequest, "validation_failed");
        await RefusedAsync(() => Client(Factory.CreateClient()).GetUserQuotaAsync(), HttpStatusCode.Unauthorized, "unauthorized");
        await RefusedAsync(() => client.DeleteStorageBucketAsync(Guid.NewGuid().ToString()), HttpStatusCode.NotFound, "not_found");

        Assert.Equal(["key", "secret"], invalid.ErrorData!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("application/problem+json;q=0", "application/json")]
    [InlineData("this is ;; not a media type", "application/json")]
    [InlineData("application/problem+json", "application/problem+json")]
    [InlineData("APPLICATION/PROBLEM+JSON", "application/problem+json")]
    [InlineData("application/json;q=0.5, application/problem+json", "application/problem+json")]
    public async Task A_problem_is_problem_json_only_when_accept_names_it_and_the_same_body_either_way(string? accept, string mediaType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bucket")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("x-correlation-id", "accept-case-0001");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await Tenant.SendAsync(request);
        var plain = await PostRawAsync(Tenant, "/bucket", "{}", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var other = JsonNode.Parse(await plain.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("correlationId");
        other.Remove("correlationId");
        Assert.True(JsonNode.DeepEquals(body, other), body.ToJsonString());
        Assert.Equal("validation_failed", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_quota_is_the_clients_QuotaResponse_with_the_plan_an_operator_sets()
    {
        var client = Client();
        await CreateAsync(client, S3Request());
        await CreateAsync(client, S3Request());
        using var admin = Factory.CreateAdminClient();

        var quota = AssertFits(QuotaResponse, await client.GetUserQuotaAsync());
        var legacy = await AssertOkAsync(await Tenant.GetAsync("/quota"));
        var organization = $"/manage/organizations/{OrganizationId}";
        var pro = await AssertOkAsync(await SendJsonAsync(admin, HttpMethod.Put, organization, new JsonObject { ["plan"] = "pro" }));
        var onPro = AssertFits(QuotaResponse, await client.GetUserQuotaAsync());
        var back = await AssertOkAsync(await SendJsonAsync(admin, HttpMethod.Put, organization, new JsonObject { ["plan"] = null }));
        var refused = await AssertProblemAsync(
            await SendJsonAsync(admin, HttpMethod.Put, organization, new JsonObject { ["plan"] = "pro plan" }),
            HttpStatusCode.BadRequest, "validation_failed");

        var subscription = quota["subscription"]!;
        Assert.Equal(("free", "free"), (subscription["id"]!.GetValue<string>(), subscription["name"]!.GetValue<string>()));
        var item = Assert.Single(quota["quotaUsage"]!.AsArray())!;
        var capability = item["capability"]!;
        Assert.Equal(("BUCKETS", "ALL_TIME"), (capability["code"]!.GetValue<string>(), capability["periodType"]!.GetValue<string>()));
        Assert.Equal((2, 10, 20.0), (item["usage"]!["current"]!.GetValue<int>(), item["usage"]!["max"]!.GetValue<int>(),
            item["usage"]!["percentage"]!.GetValue<double>()));
        Assert.True(JsonNode.DeepEquals(quota, legacy), legacy.ToJsonString());
        Assert.Equal("pro", pro["organization"]!["plan"]!.GetValue<string>());
        Assert.Equal("pro", onPro["subscription"]!["name"]!.GetValue<string>());
        Assert.Equal("free", back["organization"]!["plan"]!.GetValue<string>());
        Assert.Equal("plan", Assert.Single(refused["errors"]!.AsArray())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_organization_created_on_a_plan_shows_it_and_counts_only_its_own_buckets()
    {
        using var admin = Factory.CreateAdminClient();
        var other = "org-" + Guid.NewGuid().ToString("N")[..8];
        var created = await AssertOkAsync(await PostJsonAsync(admin, "/manage/organizations",
            new JsonObject { ["organizationId"] = other, ["name"] = "Other", ["bucketLimit"] = 4, ["plan"] = "team" }));
        await CreateAsync(Client(), S3Request());
        var otherClient = Client(await TenantClientAsync(other, ["*"], ["readBuckets"]));

        var quota = AssertFits(QuotaResponse, await otherClient.GetUserQuotaAsync());

        Assert.Equal("team", created["organization"]!["plan"]!.GetValue<string>());
        Assert.Equal("team", quota["subscription"]!["name"]!.GetValue<string>());
        var usage = quota["quotaUsage"]![0]!["usage"]!;
        Assert.Equal((0, 4), (usage["current"]!.GetValue<int>(), usage["max"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Another_organizations_bucket_is_404_to_validate_with_a_body_and_to_a_full_body_PUT()
    {
        var mine = S3Request();
        var id = await CreateAsync(Client(), mine);
        var other = "org-" + Guid.NewGuid().ToString("N")[..8];
        await CreateOrganizationAsync(other, bucketLimit: null);
        var stranger = Client(await TenantClientAsync(other, ["*"], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]));
        var before = await ReadAsync(id);

        var otherCredentials = new ValidateBucketRequest(S3rver.BucketName, S3rver.AccessKey, NewSecret());
        await RefusedAsync(() => stranger.ValidateStorageBucketAsync(id, otherCredentials), HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(() => stranger.ValidateStorageBucketAsync(id, null), HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(
            () => stranger.UpdateStorageBucketAsync(id, mine with { Name = "Taken over" }), HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(() => stranger.DeleteStorageBucketAsync(id), HttpStatusCode.NotFound, "not_found");
        var theirs = AssertFits(GetBucketsResponse, await stranger.GetStorageBucketsAsync());

        Assert.Empty(theirs["buckets"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(before, await ReadAsync(id)));
    }

    [Fact]
    public async Task Delete_answers_the_clients_ActionResponse()
    {
        var client = Client();
        var id = await CreateAsync(client, S3Request());

        AssertFits(ActionResponse, await client.DeleteStorageBucketAsync(id));

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }
}
