using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Buckets;

/// <summary>
/// Credential changes through <c>PUT /bucket/{id}</c> write a new vault version that the bucket row names; the version in
/// use is never overwritten. Envelope mode, counting the credential table's rows.
/// </summary>
public sealed class CredentialVersionTests : ApiTestBase
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Ten_concurrent_credential_changes_leave_the_row_and_the_vault_agreeing_on_the_last_committed_one()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var secrets = Enumerable.Range(0, 10).Select(_ => NewSecret()).ToList();

        var answers = await Task.WhenAll(secrets.Select(async secret =>
        {
            var response = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = secret });
            return (Secret: secret, response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        }));

        // Without If-Match a change is merged over a newer revision a bounded number of times, then answered 503 busy.
        Assert.All(answers, a => Assert.True(
            a.StatusCode == HttpStatusCode.OK || (a.StatusCode == HttpStatusCode.ServiceUnavailable && a.Body["code"]?.GetValue<string>() == "busy"),
            $"{(int)a.StatusCode}: {a.Body.ToJsonString()}"));
        var committed = answers.Where(a => a.StatusCode == HttpStatusCode.OK)
            .Select(a => (a.Secret, Revision: a.Body["bucket"]!["revision"]!.GetValue<long>())).ToList();
        Assert.NotEmpty(committed);
        var final = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}")))["bucket"]!["revision"]!.GetValue<long>();
        Assert.Equal(Enumerable.Range(2, committed.Count).Select(r => (long)r), committed.Select(c => c.Revision).Order());
        Assert.Equal(1 + committed.Count, final);

        var winner = Assert.Single(committed, c => c.Revision == final);
        Assert.Equal(winner.Secret, (await StoredCredentialAsync(id))!.Secret.Reveal());

        // Every superseded or refused version was discarded: the only row left is the one the bucket names.
        var bucket = await Factory.Services.GetRequiredService<IBucketStore>().GetAsync(OrganizationId, Guid.Parse(id), None);
        Assert.NotNull(bucket?.CredentialVersion);
        Assert.Equal([EnvelopeCredentialVault.RowKey(bucket.CredentialScope())], await CredentialRowKeysAsync(id));

        // And the sweep agrees that it is live and finds nothing else.
        var sweep = await Factory.Services.GetRequiredService<CredentialSweepService>().SweepAsync(None);
        Assert.Equal(new CredentialSweepResult(Examined: 1, Removed: 0, Live: 1, TooYoung: 0, Failed: 0), sweep);
    }

    [Fact]
    public async Task An_update_that_keeps_the_credential_keeps_its_version_and_a_change_replaces_it()
    {
        var original = NewSecret();
        var id = (await CreateBucketAsync(body: ValidBody(secret: original)))["id"]!.GetValue<string>();
        var created = (await CredentialRowKeysAsync(id)).Single();

        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Renamed" }));
        Assert.Equal([created], await CredentialRowKeysAsync(id));

        var replacement = NewSecret();
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = replacement }));
        var replaced = Assert.Single(await CredentialRowKeysAsync(id));
        Assert.NotEqual(created, replaced);
        Assert.Equal(replacement, (await StoredCredentialAsync(id))!.Secret.Reveal());
    }

    private async Task<List<string>> CredentialRowKeysAsync(string bucketId)
    {
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", TableKey.Encode(OrganizationId)), TableOData.StartsWith("RowKey", Guid.Parse(bucketId).ToString("N")));
        var keys = new List<string>();
        await foreach (var row in Factory.Table(Factory.CredentialsTable).QueryAsync<TableEntity>(filter))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}

/// <summary>The fake Key Vault, started once for a test class and handed to its app.</summary>
public sealed class FakeKeyVaultFixture : IAsyncLifetime
{
    public FakeKeyVault Vault { get; private set; } = null!;

    public async Task InitializeAsync() => Vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await Vault.DisposeAsync();
}

/// <summary>The same routes in Key Vault mode: the real SecretClient over HTTP against the fake vault.</summary>
public sealed class KeyVaultCredentialVersionTests(FakeKeyVaultFixture keyVault)
    : ApiTestBase(Settings(keyVault.Vault), services => UseFake(services, keyVault.Vault)), IClassFixture<FakeKeyVaultFixture>
{
    private readonly FakeKeyVault fake = keyVault.Vault;

    [Fact]
    public async Task A_credential_change_writes_a_new_version_of_the_same_secret_and_disables_the_old_one()
    {
        var original = NewSecret();
        var id = (await CreateBucketAsync(body: ValidBody(secret: original)))["id"]!.GetValue<string>();
        var name = KeyVaultSecretNames.ForBucket(Guid.Parse(id));
        var first = Assert.Single(fake.Versions(name));

        var replacement = NewSecret();
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = replacement }));

        Assert.Contains(name, fake.SecretNames());
        var versions = fake.Versions(name);
        Assert.Equal(2, versions.Count);
        Assert.Equal((first.Id, false), (versions[0].Id, versions[0].Enabled));
        Assert.True(versions[1].Enabled);
        Assert.Equal(replacement, JsonNode.Parse(versions[1].Value)!["secret"]!.GetValue<string>());
        var bucket = await Factory.Services.GetRequiredService<IBucketStore>().GetAsync(OrganizationId, Guid.Parse(id), CancellationToken.None);
        Assert.Equal(versions[1].Id, bucket?.CredentialVersion);
        Assert.Equal(replacement, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.Null(await Factory.Services.GetRequiredService<ICredentialVault>().GetAsync(bucket!.CredentialScope() with { Version = first.Id }, CancellationToken.None));

        // A change that keeps the credential writes no version.
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Renamed" }));
        Assert.Equal(2, fake.Versions(name).Count);
    }

    private static Dictionary<string, string?> Settings(FakeKeyVault vault) => new()
    {
        ["Vault:Mode"] = "KeyVault",
        ["Vault:KeyVault:Uri"] = vault.VaultUri.ToString(),
        ["Vault:KeyVault:RetryDelay"] = "00:00:00.050",
        ["Vault:KeyVault:MaxRetryDelay"] = "00:00:00.200",
    };

    private static void UseFake(IServiceCollection services, FakeKeyVault vault)
    {
        services.AddKeyedSingleton<TokenCredential>(KeyVaultClients.ServiceKey, vault.Credential);
        services.AddKeyedSingleton(KeyVaultClients.ServiceKey, vault.Transport);
    }
}
