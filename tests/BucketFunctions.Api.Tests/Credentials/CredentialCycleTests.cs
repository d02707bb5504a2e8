using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Credentials;

/// <summary>
/// A whole create / get / list / update / validate / delete cycle — successes and refusals — in each vault mode, then
/// every response, header, log line (with its exception) and table property searched for the secrets, the API token
/// and a service-account key: none may appear anywhere.
/// </summary>
public abstract class CredentialCycleTests : ApiTestBase
{
    [Fact]
    public async Task A_full_cycle_leaks_no_secret_token_or_service_account_key_anywhere()
    {
        var token = await IssueTokenAsync(OrganizationId, ["*"], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]);
        using var client = ClientWithToken(token);
        var (first, second, probeOnly) = (NewSecret(), NewSecret(), NewSecret());
        var serviceAccount = ServiceAccountJson(out var privateKeyLine);
        var seen = new List<string>();
        async Task<JsonObject?> Send(HttpMethod method, string path, JsonObject? body)
        {
            var response = await SendJsonAsync(client, method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            seen.Add($"{(int)response.StatusCode} {response.Headers} {response.Content.Headers} {text}");
            return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)!.AsObject() : null;
        }

        var created = await Send(HttpMethod.Post, "/bucket", ValidBody("Cycle", first));
        var id = created!["bucketId"]!.GetValue<string>();
        await Send(HttpMethod.Get, $"/bucket/{id}", null);
        await Send(HttpMethod.Get, "/bucket", null);
        Assert.NotNull(await Send(HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = second }));
        await Send(HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["key"] = "NOTAKNOWNKEY", ["secret"] = first });
        Assert.NotNull(await Send(HttpMethod.Post, "/bucket/validate?write=true", ValidBody("Probe", probeOnly)));
        Assert.NotNull(await Send(HttpMethod.Post, $"/bucket/{id}/validate", null));
        var gcs = ValidBody("Service account", serviceAccount);
        gcs["storageType"] = "GCS";
        gcs["key"] = "cycle@bucketfunctions-test.iam.gserviceaccount.com";
        gcs.Remove("region");
        await Send(HttpMethod.Post, "/bucket", gcs);
        await Send(HttpMethod.Post, "/bucket/validate", gcs);
        Assert.NotNull(await Send(HttpMethod.Delete, $"/bucket/{id}", null));

        var logs = Factory.Logs.Lines;
        Assert.Contains(logs, l => l.Contains("DeleteBucket answered 200", StringComparison.Ordinal));
        var stored = await AllStoredTextAsync();
        foreach (var needle in new[] { first, second, probeOnly, token, privateKeyLine, "BEGIN PRIVATE KEY" })
        {
            Assert.All(seen, r => Assert.DoesNotContain(needle, r, StringComparison.Ordinal));
            Assert.All(logs, l => Assert.DoesNotContain(needle, l, StringComparison.Ordinal));
            Assert.All(stored, t => Assert.DoesNotContain(needle, t, StringComparison.Ordinal));
        }

        await AssertModeKeptItsCredentialsAsync(id);
    }

    /// <summary>What the configured vault holds after the cycle (the deleted bucket's credential is gone).</summary>
    protected abstract Task AssertModeKeptItsCredentialsAsync(string deletedBucketId);

    /// <summary>A service-account key file whose token endpoint is a closed loopback port: the check fails, the key must not leak.</summary>
    private static string ServiceAccountJson(out string privateKeyLine)
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        privateKeyLine = pem.Split('\n')[2];
        return new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "bucketfunctions-test",
            ["private_key_id"] = "0123456789abcdef",
            ["private_key"] = pem,
            ["client_email"] = "cycle@bucketfunctions-test.iam.gserviceaccount.com",
            ["client_id"] = "1234567890",
            ["token_uri"] = $"http://127.0.0.1:{ClosedPort()}/token",
        }.ToJsonString();
    }
}

/// <summary>The cycle with credentials sealed in the envelope table (the local default).</summary>
public sealed class EnvelopeCredentialCycleTests : CredentialCycleTests
{
    protected override async Task AssertModeKeptItsCredentialsAsync(string deletedBucketId)
    {
        Assert.Null(await StoredCredentialAsync(deletedBucketId));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }
}

/// <summary>The cycle in KeyVault mode: the real SecretClient against the in-process Key Vault fake.</summary>
public sealed class KeyVaultCredentialCycleTests : CredentialCycleTests
{
    private FakeKeyVault vault = null!;

    internal static Dictionary<string, string?> Settings(FakeKeyVault fake) => new()
    {
        ["Vault:Mode"] = "KeyVault",
        ["Vault:KeyVault:Uri"] = fake.VaultUri.ToString(),
        ["Vault:KeyVault:RetryDelay"] = "00:00:00.050",
    };

    internal static void Services(IServiceCollection services, FakeKeyVault fake)
    {
        services.AddKeyedSingleton<TokenCredential>(KeyVaultClients.ServiceKey, fake.Credential);
        services.AddKeyedSingleton<HttpPipelineTransport>(KeyVaultClients.ServiceKey, fake.Transport);
    }

    protected override async Task<ApiFactory> CreateFactoryAsync(Dictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        vault = await FakeKeyVault.StartAsync();
        return new ApiFactory(Azurite, Settings(vault), s => Services(s, vault));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await vault.DisposeAsync();
    }

    protected override async Task AssertModeKeptItsCredentialsAsync(string deletedBucketId)
    {
        var name = "bucket-" + Guid.Parse(deletedBucketId).ToString("N");
        Assert.Contains(name, vault.DeletedNames());
        Assert.DoesNotContain(name, vault.SecretNames());
        Assert.Equal(0, (await StoredAsync()).BucketRows);
    }
}
