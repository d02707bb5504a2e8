using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using static BucketFunctions.Api.Tests.Flashback.FlashbackShapes;

namespace BucketFunctions.Api.Tests.Flashback;

/// <summary>
/// Flashback's provider-key calls (<c>getApiKeys</c>, <c>createApiKey</c>, <c>updateApiKey</c>, <c>deleteApiKey</c>) and
/// buckets registered with <c>apiKeyUuid</c>, made as its client makes them and checked against its interfaces. Azure
/// buckets live in Azurite, which checks Shared Key and SAS signatures, so a secret one bucket refuses is refused for
/// real (a SAS for one container opens no other); S3 buckets in s3rver, which checks access key ids.
/// </summary>
public sealed class FlashbackProviderKeyTests : ApiTestBase
{
    private FlashbackApiClient Client(HttpClient? http = null) => new(http ?? Tenant);

    private CreateProviderApiKeyRequest S3Key(string? secret = null, string provider = "S3") =>
        new(S3rver.AccessKey, secret ?? NewSecret(), S3.Endpoint.ToString(), "us-east-1", provider, "s3rver key", Workspace);

    private CreateProviderApiKeyRequest AzureKey(string? secret = null) =>
        new(Azurite.AccountName, secret ?? Azurite.AccountKey, Azurite.BlobEndpoint.ToString(), null, "BLOB", "Azurite key", Workspace);

    private static CreateBucketRequest KeyedBucket(string bucket, string storageType, string apiKeyUuid) =>
        new("Keyed " + Guid.NewGuid().ToString("N")[..6], bucket, storageType, Key: null, Secret: null, Endpoint: null, Region: null,
            Workspace, ApiKeyUuid: apiKeyUuid);

    private static string Sas(string container) =>
        AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddHours(1)));

    private static string AccountSas() => AzureBlobSas.Token(AzureBlobSas.Account("rl", DateTimeOffset.UtcNow.AddHours(1)));

    private static async Task<string> CreateKeyAsync(FlashbackApiClient client, CreateProviderApiKeyRequest request) =>
        AssertFits(CreateProviderApiKeyResponse, await client.CreateApiKeyAsync(request))["apiKeyId"]!.GetValue<string>();

    private static async Task<string> CreateBucketAsync(FlashbackApiClient client, CreateBucketRequest request) =>
        AssertFits(CreateBucketResponse, await client.CreateStorageBucketAsync(request))["bucketId"]!.GetValue<string>();

    private async Task<JsonObject> ListedKeyAsync(string id) =>
        AssertFits(GetProviderApiKeysResponse, await Client().GetApiKeysAsync())["apiKeys"]!.AsArray()
            .Single(k => k!["id"]!.GetValue<string>() == id)!.AsObject();

    private async Task<JsonObject> ReadBucketAsync(string bucketId) =>
        (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{bucketId}")))["bucket"]!.AsObject();

    private Task<ProviderKey?> StoredKeyAsync(string id) =>
        Factory.Services.GetRequiredService<IProviderKeyStore>().GetAsync(OrganizationId, Guid.Parse(id), CancellationToken.None);

    private async Task<string?> KeySecretAsync(string id) =>
        (await Factory.Services.GetRequiredService<Core.Credentials.ICredentialVault>()
            .GetAsync((await StoredKeyAsync(id))!.CredentialScope(), CancellationToken.None))?.Secret.Reveal();

    private static async Task<FlashbackHttpError> RefusedAsync(Func<Task> call, HttpStatusCode status, string code)
    {
        var error = await Assert.ThrowsAsync<FlashbackHttpError>(call);
        Assert.True((int)status == error.Status, $"Expected {(int)status} {code}, got {error.Status}: {error.ErrorData?.ToJsonString()}");
        Assert.StartsWith("application/json", error.ContentType, StringComparison.Ordinal);
        var data = AssertFits(ErrorResponse, error.ErrorData);
        Assert.Equal(code, data["code"]!.GetValue<string>());
        Assert.False(data["success"]!.GetValue<bool>());
        return error;
    }

    private static string[] Fields(FlashbackHttpError error) =>
        [.. (error.ErrorData!["errors"]?.AsArray() ?? []).Select(e => e!["field"]!.GetValue<string>())];

    [Fact]
    public async Task A_key_answers_as_the_clients_DTO_with_a_hint_of_its_key_and_lists_by_workspace_provider_and_capability()
    {
        var client = Client();
        var secret = NewSecret();
        var s3 = await CreateKeyAsync(client, S3Key(secret, provider: "aws") with { TenantId = "ignored", SubscriptionId = "ignored" });
        var azure = await CreateKeyAsync(client, AzureKey());

        var all = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync());
        var allWith = client.LastRequest;
        var byWorkspace = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(workspaceId: Workspace));
        var aws = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(new GetProviderApiKeysParams(Workspace, 1, "AWS")));
        var awsWith = client.LastRequest;
        var s3Named = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(new GetProviderApiKeysParams(Provider: "S3")));
        var ai = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(new GetProviderApiKeysParams(Capability: 2)));
        var openAi = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(new GetProviderApiKeysParams(Provider: "OPENAI")));
        var everything = AssertFits(
            GetProviderApiKeysResponse, await client.GetApiKeysAsync(new GetProviderApiKeysParams(Capability: 255)));
        var otherWorkspace = AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync(workspaceId: "ws-none"));

        static string[] Ids(JsonObject answer) => [.. answer["apiKeys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>())];
        Assert.Equal(("apikeys?", "apikeys?workspaceId=ws-main&capability=1&provider=AWS"), (allWith, awsWith));
        string[] both = [.. new[] { s3, azure }.Order()];
        Assert.Equal(both, Ids(all).Order());
        Assert.Equal(both, Ids(byWorkspace).Order());
        Assert.Equal([s3], Ids(aws));
        Assert.Empty(Ids(s3Named));
        Assert.Empty(Ids(ai));
        Assert.Empty(Ids(openAi));
        Assert.Equal(both, Ids(everything).Order());
        Assert.Empty(Ids(otherWorkspace));
        var key = await ListedKeyAsync(s3);
        Assert.Equal(("AWS", KeyHintOf(S3rver.AccessKey), "s3rver key", 0),
            (key["provider"]!.GetValue<string>(), key["key"]!.GetValue<string>(), key["description"]!.GetValue<string>(),
             key["bucket_count"]!.GetValue<int>()));
        Assert.Equal((S3.Endpoint.ToString(), "us-east-1"), (key["endpoint"]!.GetValue<string>(), key["region"]!.GetValue<string>()));
        Assert.False(key.ContainsKey("secret"));
        Assert.False(key.ContainsKey("tenantId"));
        Assert.Equal(secret, await KeySecretAsync(s3));
        Assert.Equal("BLOB", (await ListedKeyAsync(azure))["provider"]!.GetValue<string>());
        Assert.Equal(new StoredState(0, 0, 2, 0), await StoredAsync());
    }

    private static string KeyHintOf(string key) => Core.Buckets.KeyHint.For(key);

    [Fact]
    public async Task A_bucket_created_with_apiKeyUuid_and_no_key_or_secret_uses_the_keys_credential_endpoint_and_region()
    {
        var client = Client();
        var secret = NewSecret();
        var keyId = await CreateKeyAsync(client, S3Key(secret));

        var bucketId = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));
        var bucket = await ReadBucketAsync(bucketId);
        var listed = AssertFits(GetBucketsResponse, await client.GetStorageBucketsAsync())["buckets"]![0]!;
        var validated = AssertFits(ValidateBucketResponse, await client.ValidateStorageBucketAsync(bucketId, null));
        var withKey = AssertFits(ValidateBucketResponse,
            await client.ValidateStorageBucketAsync(bucketId, new ValidateBucketRequest(S3rver.BucketName, ApiKeyUuid: keyId)));
        var newValidated = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket/validate", new JsonObject
        {
            ["name"] = "Not stored", ["bucket"] = S3rver.BucketName, ["storageType"] = "S3", ["workspaceId"] = Workspace,
            ["apiKeyUuid"] = keyId,
        }));

        Assert.Equal((keyId, S3.Endpoint.ToString(), "us-east-1", KeyHintOf(S3rver.AccessKey)),
            (bucket["apiKeyId"]!.GetValue<string>(), bucket["endpoint"]!.GetValue<string>(), bucket["region"]!.GetValue<string>(),
             bucket["keyHint"]!.GetValue<string>()));
        Assert.Equal(keyId, listed["apiKeyId"]!.GetValue<string>());
        Assert.Equal((true, "ONLINE"), (validated["success"]!.GetValue<bool>(), validated["status"]!.GetValue<string>()));
        Assert.Equal((true, "ONLINE"), (withKey["success"]!.GetValue<bool>(), withKey["status"]!.GetValue<string>()));
        Assert.Equal("ONLINE", newValidated["status"]!.GetValue<string>());
        Assert.Equal(secret, (await StoredCredentialAsync(bucketId))!.Secret.Reveal());
        Assert.Equal(1, (await ListedKeyAsync(keyId))["bucket_count"]!.GetValue<int>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());  // one vault entry: the key's, none of the bucket's own
    }

    [Fact]
    public async Task A_key_of_another_storage_type_or_with_key_and_secret_beside_it_is_refused_naming_apiKeyUuid()
    {
        var client = Client();
        var container = await Azurite.CreateContainerAsync();
        var azureKey = await CreateKeyAsync(client, AzureKey());
        var before = await StoredRowsAsync();

        var wrongType = await RefusedAsync(() => client.CreateStorageBucketAsync(KeyedBucket(S3rver.BucketName, "S3", azureKey)),
            HttpStatusCode.BadRequest, "validation_failed");
        var both = await RefusedAsync(
            () => client.CreateStorageBucketAsync(
                KeyedBucket(container, "BLOB", azureKey) with { Key = Azurite.AccountName, Secret = Azurite.AccountKey }),
            HttpStatusCode.BadRequest, "validation_failed");
        var unknown = await RefusedAsync(
            () => client.CreateStorageBucketAsync(KeyedBucket(container, "BLOB", Guid.NewGuid().ToString()) with { Name = " " }),
            HttpStatusCode.BadRequest, "validation_failed");
        var notAnId = await RefusedAsync(() => client.CreateStorageBucketAsync(KeyedBucket(container, "BLOB", "key-1")),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["apiKeyUuid"], Fields(wrongType));
        Assert.Equal(["apiKeyUuid"], Fields(both));
        Assert.Equal(["name", "apiKeyUuid"], Fields(unknown));
        Assert.Equal(["apiKeyUuid"], Fields(notAnId));
        Assert.Equal(before, await StoredRowsAsync());
    }

    [Fact]
    public async Task Rotating_a_key_proves_every_bucket_that_uses_it_then_moves_the_key_and_all_of_them_at_once()
    {
        var client = Client();
        var (first, second) = (await Azurite.CreateContainerAsync(), await Azurite.CreateContainerAsync());
        var keyId = await CreateKeyAsync(client, AzureKey(secret: AccountSas()));
        var a = await CreateBucketAsync(client, KeyedBucket(first, "BLOB", keyId));
        var b = await CreateBucketAsync(client, KeyedBucket(second, "BLOB", keyId));
        var (beforeA, beforeB) = (await ReadBucketAsync(a), await ReadBucketAsync(b));
        var oldVersion = (await StoredKeyAsync(keyId))!.CredentialVersion;
        await Task.Delay(20);

        var rotated = AssertFits(
            ActionResponse, await client.UpdateApiKeyAsync(keyId, new UpdateProviderApiKeyRequest(Secret: Azurite.AccountKey)));

        Assert.Equal(2, rotated["bucketsProven"]!.GetValue<int>());
        var key = (await StoredKeyAsync(keyId))!;
        Assert.NotEqual(oldVersion, key.CredentialVersion);
        Assert.Equal(Azurite.AccountKey, await KeySecretAsync(keyId));
        foreach (var (id, before) in new[] { (a, beforeA), (b, beforeB) })
        {
            var after = await ReadBucketAsync(id);
            Assert.Equal(Azurite.AccountKey, (await StoredCredentialAsync(id))!.Secret.Reveal());
            Assert.Equal(before["revision"]!.GetValue<long>() + 1, after["revision"]!.GetValue<long>());
            Assert.True(after["lastStatusAt"]!.GetValue<DateTimeOffset>() > before["lastStatusAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal("ONLINE", after["status"]!.GetValue<string>());
        }

        Assert.Equal(2, (await ListedKeyAsync(keyId))["bucket_count"]!.GetValue<int>());
        Assert.Equal(new StoredState(2, 2, 1, 2), await StoredAsync());  // the old version is discarded

        // A change that is no rotation (a description, the same secret again) proves nothing and moves no bucket.
        var described = await client.UpdateApiKeyAsync(
            keyId, new UpdateProviderApiKeyRequest(Secret: Azurite.AccountKey, Description: "renamed"));
        Assert.Equal(0, described!["bucketsProven"]!.GetValue<int>());
        Assert.Equal("renamed", (await ListedKeyAsync(keyId))["description"]!.GetValue<string>());
        Assert.Equal(key.CredentialVersion, (await StoredKeyAsync(keyId))!.CredentialVersion);
    }

    [Fact]
    public async Task A_rotation_one_bucket_refuses_stores_nothing_and_names_that_bucket()
    {
        var client = Client();
        var (first, second) = (await Azurite.CreateContainerAsync(), await Azurite.CreateContainerAsync());
        var keyId = await CreateKeyAsync(client, AzureKey());
        var a = await CreateBucketAsync(client, KeyedBucket(first, "BLOB", keyId));
        var b = await CreateBucketAsync(client, KeyedBucket(second, "BLOB", keyId));
        var before = await StoredRowsAsync();
        var storedBefore = await StoredAsync();

        // A SAS for the first container opens that bucket and no other.
        var oneRefuses = await RefusedAsync(() => client.UpdateApiKeyAsync(keyId, new UpdateProviderApiKeyRequest(Secret: Sas(first))),
            HttpStatusCode.BadRequest, "credentials_rejected");
        var allRefuse = await RefusedAsync(
            () => client.UpdateApiKeyAsync(keyId, new UpdateProviderApiKeyRequest(Secret: Convert.ToBase64String(new byte[64]))),
            HttpStatusCode.BadRequest, "credentials_rejected");

        var named = oneRefuses.ErrorData!["buckets"]!.AsArray();
        var refused = Assert.Single(named)!;
        Assert.Equal(b, refused["bucketId"]!.GetValue<string>());
        Assert.NotEqual("ONLINE", refused["status"]!.GetValue<string>());
        Assert.Contains("1 of the 2", oneRefuses.ErrorData!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["secret"], Fields(oneRefuses));
        var allNamed = allRefuse.ErrorData!["buckets"]!.AsArray().Select(x => x!["bucketId"]!.GetValue<string>());
        Assert.Equal(new[] { a, b }.Order(), allNamed.Order());
        Assert.Equal(before, await StoredRowsAsync());
        Assert.Equal(storedBefore, await StoredAsync());
        Assert.Equal(Azurite.AccountKey, await KeySecretAsync(keyId));
        Assert.Equal(Azurite.AccountKey, (await StoredCredentialAsync(a))!.Secret.Reveal());
    }

    [Fact]
    public async Task Rotating_an_S3_key_to_an_access_key_s3rver_does_not_know_stores_nothing()
    {
        var client = Client();
        var secret = NewSecret();
        var keyId = await CreateKeyAsync(client, S3Key(secret));
        var bucketId = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));
        var before = await StoredRowsAsync();

        var error = await RefusedAsync(
            () => client.UpdateApiKeyAsync(keyId, new UpdateProviderApiKeyRequest(Key: "AKIAUNKNOWNUNKNOWN01", Secret: NewSecret())),
            HttpStatusCode.BadRequest, "credentials_rejected");
        var rotated = await client.UpdateApiKeyAsync(keyId, new UpdateProviderApiKeyRequest(Secret: NewSecret()));

        Assert.Equal(["key", "secret"], Fields(error));
        Assert.Equal(bucketId, Assert.Single(error.ErrorData!["buckets"]!.AsArray())!["bucketId"]!.GetValue<string>());
        Assert.NotEqual(before, await StoredRowsAsync());  // the second rotation, which s3rver accepts, moved the key and its bucket
        Assert.Equal(1, rotated!["bucketsProven"]!.GetValue<int>());
        Assert.Equal(await KeySecretAsync(keyId), (await StoredCredentialAsync(bucketId))!.Secret.Reveal());
        Assert.NotEqual(secret, await KeySecretAsync(keyId));
    }

    [Fact]
    public async Task A_key_buckets_still_use_is_409_naming_how_many_until_they_leave_it()
    {
        var client = Client();
        var keyId = await CreateKeyAsync(client, S3Key());
        var a = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));
        var b = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));

        var inUse = await RefusedAsync(() => client.DeleteApiKeyAsync(keyId), HttpStatusCode.Conflict, "api_key_in_use");
        AssertFits(ActionResponse, await client.DeleteStorageBucketAsync(a));
        var countAfterDelete = (await ListedKeyAsync(keyId))["bucket_count"]!.GetValue<int>();
        var ownSecret = NewSecret();
        var ownBody = new CreateBucketRequest((await ReadBucketAsync(b))["name"]!.GetValue<string>(), S3rver.BucketName, "S3",
            S3rver.AccessKey, ownSecret, S3.Endpoint.ToString(), "us-east-1", Workspace);
        var moved = AssertFits(UpdateBucketResponse, await client.UpdateStorageBucketAsync(b, ownBody));
        var countAfterMove = (await ListedKeyAsync(keyId))["bucket_count"]!.GetValue<int>();
        var deleted = AssertFits(ActionResponse, await client.DeleteApiKeyAsync(keyId));

        Assert.Contains("2 bucket(s)", inUse.ErrorData!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((1, 0), (countAfterDelete, countAfterMove));
        Assert.Null(moved["bucket"]!["apiKeyId"]);
        Assert.Equal(ownSecret, (await StoredCredentialAsync(b))!.Secret.Reveal());
        Assert.True(deleted["success"]!.GetValue<bool>());
        Assert.Empty(AssertFits(GetProviderApiKeysResponse, await client.GetApiKeysAsync())["apiKeys"]!.AsArray());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());  // the bucket's own entry; the key's went with it
        await RefusedAsync(() => client.DeleteApiKeyAsync(keyId), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_bucket_moved_onto_a_key_discards_its_own_credential_and_is_counted()
    {
        var client = Client();
        var keySecret = NewSecret();
        var keyId = await CreateKeyAsync(client, S3Key(keySecret));
        var own = await CreateBucketAsync(client, new CreateBucketRequest(
            "Own credential", S3rver.BucketName, "S3", S3rver.AccessKey, NewSecret(), S3.Endpoint.ToString(), "us-east-1", Workspace));
        Assert.Equal(2, (await StoredAsync()).VaultEntries);

        var moved = AssertFits(UpdateBucketResponse, await client.UpdateStorageBucketAsync(own,
            KeyedBucket(S3rver.BucketName, "S3", keyId) with { Name = "Own credential" }));

        Assert.Equal(keyId, moved["bucket"]!["apiKeyId"]!.GetValue<string>());
        Assert.Equal(keySecret, (await StoredCredentialAsync(own))!.Secret.Reveal());
        Assert.Equal(1, (await ListedKeyAsync(keyId))["bucket_count"]!.GetValue<int>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        var nullKey = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{own}", new JsonObject { ["apiKeyUuid"] = null });
        var nullKeyProblem = await AssertProblemAsync(nullKey, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("apiKeyUuid", Assert.Single(nullKeyProblem["errors"]!.AsArray())!["field"]!.GetValue<string>());
        var halfOwn = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{own}", new JsonObject { ["secret"] = NewSecret() });
        await AssertProblemAsync(halfOwn, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(keySecret, (await StoredCredentialAsync(own))!.Secret.Reveal());
    }

    [Fact]
    public async Task Another_organizations_key_is_404_to_change_or_delete_unknown_to_a_bucket_body_and_absent_from_lists()
    {
        var mine = await CreateKeyAsync(Client(), S3Key());
        var other = "org-" + Guid.NewGuid().ToString("N")[..8];
        await CreateOrganizationAsync(other, bucketLimit: null);
        var stranger = Client(await TenantClientAsync(other, ["*"], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]));
        var before = await StoredRowsAsync();

        await RefusedAsync(() => stranger.UpdateApiKeyAsync(mine, new UpdateProviderApiKeyRequest(Description: "mine now")),
            HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(() => stranger.UpdateApiKeyAsync(mine, new UpdateProviderApiKeyRequest(Secret: NewSecret())),
            HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(() => stranger.DeleteApiKeyAsync(mine), HttpStatusCode.NotFound, "not_found");
        var borrowed = await RefusedAsync(() => stranger.CreateStorageBucketAsync(KeyedBucket(S3rver.BucketName, "S3", mine)),
            HttpStatusCode.BadRequest, "validation_failed");
        var theirs = AssertFits(GetProviderApiKeysResponse, await stranger.GetApiKeysAsync());

        Assert.Equal(["apiKeyUuid"], Fields(borrowed));
        Assert.Empty(theirs["apiKeys"]!.AsArray());
        Assert.Equal(before, await StoredRowsAsync());
        Assert.Equal(StoredState.Empty, await StoredAsync(other));
    }

    [Fact]
    public async Task A_token_limited_to_a_workspace_sees_only_that_workspaces_keys_and_capabilities_hold()
    {
        using (var admin = Factory.CreateAdminClient())
        {
            var workspace = new JsonObject { ["workspaceId"] = "ws-b", ["name"] = "B" };
            (await PostJsonAsync(admin, $"/manage/organizations/{OrganizationId}/workspaces", workspace)).EnsureSuccessStatusCode();
        }

        var client = Client();
        var inMain = await CreateKeyAsync(client, S3Key());
        var inB = await CreateKeyAsync(client, S3Key() with { WorkspaceId = "ws-b" });
        var limited = Client(await TenantClientAsync(OrganizationId, [Workspace], ["listBuckets", "writeBuckets"]));
        var listOnly = Client(await TenantClientAsync(OrganizationId, ["*"], ["listBuckets"]));
        var writeOnly = Client(await TenantClientAsync(OrganizationId, ["*"], ["writeBuckets"]));

        var seen = AssertFits(GetProviderApiKeysResponse, await limited.GetApiKeysAsync())["apiKeys"]!.AsArray();
        await RefusedAsync(() => limited.DeleteApiKeyAsync(inB), HttpStatusCode.NotFound, "not_found");
        await RefusedAsync(() => limited.GetApiKeysAsync(workspaceId: "ws-b"), HttpStatusCode.Forbidden, "missing_capability");
        await RefusedAsync(
            () => limited.CreateApiKeyAsync(S3Key() with { WorkspaceId = "ws-b" }), HttpStatusCode.Forbidden, "missing_capability");
        await RefusedAsync(() => listOnly.CreateApiKeyAsync(S3Key()), HttpStatusCode.Forbidden, "missing_capability");
        await RefusedAsync(() => listOnly.DeleteApiKeyAsync(inMain), HttpStatusCode.Forbidden, "missing_capability");
        await RefusedAsync(() => writeOnly.GetApiKeysAsync(), HttpStatusCode.Forbidden, "missing_capability");
        await RefusedAsync(
            () => client.CreateApiKeyAsync(S3Key() with { WorkspaceId = "ws-nowhere" }), HttpStatusCode.BadRequest, "unknown_workspace");

        Assert.Equal(inMain, Assert.Single(seen)!["id"]!.GetValue<string>());
        Assert.Equal(2, AssertFits(GetProviderApiKeysResponse, await listOnly.GetApiKeysAsync())["apiKeys"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_Idempotency_Key_repeat_of_a_create_answers_the_first_key_and_stores_one()
    {
        var body = new JsonObject
        {
            ["key"] = S3rver.AccessKey, ["secret"] = NewSecret(), ["provider"] = "AWS", ["workspaceId"] = Workspace,
        };

        var first = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Post, "/apikeys", body, ("Idempotency-Key", "key-once")));
        var again = await SendJsonAsync(Tenant, HttpMethod.Post, "/apikeys", body, ("Idempotency-Key", "key-once"));
        var other = await SendJsonAsync(Tenant, HttpMethod.Post, "/apikeys", new JsonObject
        {
            ["key"] = S3rver.AccessKey, ["secret"] = NewSecret(), ["provider"] = "AWS", ["workspaceId"] = Workspace,
        }, ("Idempotency-Key", "key-once"));

        Assert.Equal(first["apiKeyId"]!.GetValue<string>(), (await AssertOkAsync(again))["apiKeyId"]!.GetValue<string>());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await AssertProblemAsync(other, (HttpStatusCode)422, "idempotency_key_reuse");
        Assert.Single(AssertFits(GetProviderApiKeysResponse, await Client().GetApiKeysAsync())["apiKeys"]!.AsArray());
        Assert.Equal(1, (await StoredAsync()).VaultEntries);
    }

    [Fact]
    public async Task Bucket_counts_stay_exact_while_buckets_come_and_go_and_a_key_in_use_is_never_deleted()
    {
        var client = Client();
        var keyId = await CreateKeyAsync(client, S3Key());
        var kept = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));
        var doomed = await CreateBucketAsync(client, KeyedBucket(S3rver.BucketName, "S3", keyId));

        var creates = Enumerable.Range(0, 6).Select(_ => Task.Run(() => TryCreateAsync(keyId))).ToList();
        var delete = Task.Run(() => Client().DeleteStorageBucketAsync(doomed));
        var keyDeletes = Enumerable.Range(0, 3).Select(_ => Task.Run(() => TryDeleteKeyAsync(keyId))).ToList();
        await Task.WhenAll([.. creates, delete, .. keyDeletes]);

        Assert.DoesNotContain(true, await Task.WhenAll(keyDeletes));  // `kept` used it throughout
        var rows = await RowsUsingAsync(keyId);
        Assert.Equal(1 + (await Task.WhenAll(creates)).Count(id => id is not null), rows);
        Assert.Equal(rows, (await StoredKeyAsync(keyId))!.BucketCount);
        Assert.Equal(rows, (await StoredAsync()).BucketRows);
        Assert.Equal(keyId, (await ReadBucketAsync(kept))["apiKeyId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_deleted_while_buckets_are_registered_with_it_leaves_no_bucket_on_a_missing_key()
    {
        var keyId = await CreateKeyAsync(Client(), S3Key());

        var creates = Enumerable.Range(0, 4).Select(_ => Task.Run(() => TryCreateAsync(keyId))).ToList();
        var keyDelete = Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(0, 30));
            return await TryDeleteKeyAsync(keyId);
        });
        await Task.WhenAll([.. creates, keyDelete]);

        var rows = await RowsUsingAsync(keyId);
        var created = (await Task.WhenAll(creates)).Count(id => id is not null);
        Assert.Equal(created, rows);
        Assert.Equal(created, (await StoredAsync()).BucketRows);
        if (await keyDelete)
        {
            Assert.Equal(0, rows);
            Assert.Null(await StoredKeyAsync(keyId));
            Assert.Equal(0, (await StoredAsync()).VaultEntries);
        }
        else
        {
            Assert.True(rows > 0);
            Assert.Equal(rows, (await StoredKeyAsync(keyId))!.BucketCount);
        }
    }

    /// <summary>A create with the key, or null when it was refused (the key gone, or 503 busy under contention).</summary>
    private async Task<string?> TryCreateAsync(string keyId)
    {
        try
        {
            return await CreateBucketAsync(Client(), KeyedBucket(S3rver.BucketName, "S3", keyId));
        }
        catch (FlashbackHttpError e) when (e.Status is 400 or 503)
        {
            return null;
        }
    }

    private async Task<bool> TryDeleteKeyAsync(string keyId)
    {
        try
        {
            await Client().DeleteApiKeyAsync(keyId);
            return true;
        }
        catch (FlashbackHttpError e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The bucket rows that name the key, counted in the table itself.</summary>
    private async Task<int> RowsUsingAsync(string keyId)
    {
        var rows = 0;
        var filter = TableClient.CreateQueryFilter($"ApiKeyId eq {Guid.Parse(keyId)}");
        await foreach (var _ in Factory.Table(Factory.TenantsTable).QueryAsync<TableEntity>(filter))
        {
            rows++;
        }

        return rows;
    }
}
