using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Credentials;

/// <summary>The bucket routes in KeyVault mode: one secret per bucket, named from its id, through the real SecretClient.</summary>
public sealed class KeyVaultModeTests : ApiTestBase
{
    private FakeKeyVault vault = null!;

    protected override async Task<ApiFactory> CreateFactoryAsync(Dictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        vault = await FakeKeyVault.StartAsync();
        return new ApiFactory(Azurite, KeyVaultCredentialCycleTests.Settings(vault), s => KeyVaultCredentialCycleTests.Services(s, vault));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await vault.DisposeAsync();
    }

    [Fact]
    public async Task Create_read_update_and_delete_keep_one_tagged_secret_per_bucket()
    {
        var secret = NewSecret();
        var id = (await CreateBucketAsync(body: ValidBody("Vaulted", secret)))["id"]!.GetValue<string>();
        var name = "bucket-" + Guid.Parse(id).ToString("N");

        var versions = vault.Versions(name);
        var only = Assert.Single(versions);
        Assert.Equal(("application/json", OrganizationId, id), (only.ContentType, only.Tags["organization"], Guid.Parse(only.Tags["bucket"]).ToString()));
        Assert.Equal(secret, JsonNode.Parse(only.Value)!["secret"]!.GetValue<string>());
        Assert.Equal(secret, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.Equal(0, (await StoredAsync()).VaultEntries);  // nothing in the envelope table in this mode

        var replacement = NewSecret();
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = replacement }));
        Assert.Equal(replacement, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.True(vault.Versions(name).Count >= 2);

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{id}"));
        Assert.Contains(name, vault.DeletedNames());
        Assert.Null(await StoredCredentialAsync(id));

        var again = (await CreateBucketAsync(body: ValidBody("Vaulted", secret)))["id"]!.GetValue<string>();
        Assert.NotEqual(id, again);
        Assert.Contains("bucket-" + Guid.Parse(again).ToString("N"), vault.SecretNames());
    }

    /// <summary>
    /// A provider key is one secret named from the key's id; buckets registered with it get none of their own; a rotation
    /// adds a version the buckets then use and disables the old one; deleting the key deletes the secret.
    /// </summary>
    [Fact]
    public async Task A_provider_key_is_one_secret_its_buckets_use_and_a_rotation_a_new_version_of_it()
    {
        var (secret, rotated) = (NewSecret(), NewSecret());
        var keyId = (await AssertOkAsync(await PostJsonAsync(Tenant, "/apikeys", new JsonObject
        {
            ["key"] = S3rver.AccessKey, ["secret"] = secret, ["endpoint"] = S3.Endpoint.ToString(), ["region"] = "us-east-1",
            ["provider"] = "S3", ["workspaceId"] = Workspace,
        })))["apiKeyId"]!.GetValue<string>();
        var bucketId = (await CreateBucketAsync(body: new JsonObject
        {
            ["name"] = "Keyed", ["bucket"] = S3rver.BucketName, ["storageType"] = "S3", ["workspaceId"] = Workspace,
            ["apiKeyUuid"] = keyId,
        }))["id"]!.GetValue<string>();
        var name = "bucket-" + Guid.Parse(keyId).ToString("N");

        Assert.Equal(secret, JsonNode.Parse(Assert.Single(vault.Versions(name)).Value)!["secret"]!.GetValue<string>());
        Assert.DoesNotContain("bucket-" + Guid.Parse(bucketId).ToString("N"), vault.SecretNames());
        Assert.Equal(secret, (await StoredCredentialAsync(bucketId))!.Secret.Reveal());

        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/apikeys/{keyId}", new JsonObject { ["secret"] = rotated }));

        Assert.Equal(rotated, (await StoredCredentialAsync(bucketId))!.Secret.Reveal());
        Assert.Equal([false, true], vault.Versions(name).Select(v => v.Enabled));
        // A bucket of its own moved onto the key and off it again: its secret's version is disabled, never deleted, so
        // the name takes the next version (a deleted secret would hold its name until purged).
        var ownId = (await CreateBucketAsync(body: ValidBody("Own")))["id"]!.GetValue<string>();
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{ownId}", new JsonObject { ["apiKeyUuid"] = keyId }));
        var ownName = "bucket-" + Guid.Parse(ownId).ToString("N");
        Assert.Equal([false], vault.Versions(ownName).Select(v => v.Enabled));
        var ownAgain = NewSecret();
        await AssertOkAsync(await SendJsonAsync(
            Tenant, HttpMethod.Put, $"/bucket/{ownId}", new JsonObject { ["key"] = S3rver.AccessKey, ["secret"] = ownAgain }));
        Assert.Equal(ownAgain, (await StoredCredentialAsync(ownId))!.Secret.Reveal());
        Assert.Equal([false, true], vault.Versions(ownName).Select(v => v.Enabled));

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{bucketId}"));
        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{ownId}"));
        Assert.Contains(name, vault.SecretNames());  // the key outlives its buckets
        await AssertOkAsync(await Tenant.DeleteAsync($"/apikeys/{keyId}"));
        Assert.Contains(name, vault.DeletedNames());
    }

    [Fact]
    public async Task Fifty_creates_land_while_the_vault_throttles_one_request_in_three()
    {
        var org = "org-throttled-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(org, bucketLimit: 60);
        using var tenant = await TenantClientAsync(org, ["*"], ["writeBuckets"]);
        vault.ThrottleEvery = 3;

        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            answers.Add((await PostJsonAsync(tenant, "/bucket", ValidBody())).StatusCode));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.True(vault.ThrottledCount >= 15, $"throttled {vault.ThrottledCount}");
        var stored = await StoredAsync(org);
        Assert.Equal((50, 50, 50), (stored.BucketRows, stored.NameRows, stored.Counter));
        Assert.Equal(50, vault.SecretNames().Count(n => n.StartsWith("bucket-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_vault_that_refuses_writes_is_502_and_nothing_is_stored()
    {
        vault.FailWritesWith = 500;

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody()), HttpStatusCode.BadGateway, "provider_unavailable");

        Assert.Equal(StoredState.Empty, await StoredAsync());
        Assert.Empty(vault.SecretNames());
    }

    [Fact]
    public async Task Health_reads_through_the_key_vault()
    {
        var response = await Factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(vault.ChallengeCount >= 1);
    }
}
