using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// Key Vault mode against the fake Key Vault (the real SecretClient, its transport pointed at the fake): throttling
/// with Retry-After is ridden out, a 500 on every write is 502 provider_unavailable with nothing stored or changed.
/// </summary>
public sealed class VaultFaultTests : PortFaultTestBase
{
    private readonly FakeKeyVault keyVault;

    public VaultFaultTests()
        : this(Task.Run(FakeKeyVault.StartAsync).GetAwaiter().GetResult())
    {
    }

    private VaultFaultTests(FakeKeyVault keyVault)
        : base(
            new()
            {
                ["Vault:Mode"] = "KeyVault",
                ["Vault:KeyVault:Uri"] = keyVault.VaultUri.ToString(),
                ["Vault:KeyVault:RetryDelay"] = "00:00:00.050",
                ["Vault:KeyVault:MaxRetryDelay"] = "00:00:01",
            },
            services =>
            {
                services.AddKeyedSingleton<TokenCredential>(KeyVaultClients.ServiceKey, keyVault.Credential);
                services.AddKeyedSingleton<HttpPipelineTransport>(KeyVaultClients.ServiceKey, keyVault.Transport);
            }) =>
        this.keyVault = keyVault;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await keyVault.DisposeAsync();
    }

    /// <summary>Throttles the authenticated request that many ahead (once: the next multiple is far away).</summary>
    private void ThrottleRequest(int ahead)
    {
        Assert.True(keyVault.AuthenticatedRequests > 0, "With no request yet, every request would be throttled.");
        keyVault.ThrottleEvery = keyVault.AuthenticatedRequests + ahead;
    }

    [Fact]
    public async Task A_throttled_vault_is_waited_out_and_the_create_stored()
    {
        var first = await CreateBucketAsync();
        var secret = NewSecret();
        ThrottleRequest(ahead: 1); // the secret's write

        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));

        Assert.Equal(1, keyVault.ThrottledCount);
        keyVault.ThrottleEvery = 0;
        Assert.Equal(new StoredState(2, 2, 2, 2), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
        Assert.NotEqual(IdOf(first), IdOf(bucket));
    }

    [Fact]
    public async Task A_vault_failing_writes_with_500_answers_502_on_create_and_stores_nothing()
    {
        keyVault.FailWritesWith = 500;

        var response = await PostJsonAsync(Tenant, "/bucket", ValidBody());

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "provider_unavailable");
        keyVault.FailWritesWith = null;
        Assert.Empty(keyVault.SecretNames());
        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
    }

    [Fact]
    public async Task A_throttled_vault_is_waited_out_and_the_credential_put_stored()
    {
        var bucket = await CreateBucketAsync();
        var secret = NewSecret();
        ThrottleRequest(ahead: 2); // the read of the stored credential, then its write: the write is throttled

        var response = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{IdOf(bucket)}", new JsonObject { ["secret"] = secret });

        Assert.Equal(2, (await AssertOkAsync(response))["bucket"]!["revision"]!.GetValue<long>());
        Assert.Equal(1, keyVault.ThrottledCount);
        keyVault.ThrottleEvery = 0;
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
    }

    [Fact]
    public async Task A_vault_failing_writes_with_500_answers_502_on_a_credential_put_and_changes_nothing()
    {
        var secret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));
        keyVault.FailWritesWith = 500;

        var response = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{IdOf(bucket)}", new JsonObject { ["secret"] = NewSecret() });

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "provider_unavailable");
        keyVault.FailWritesWith = null;
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}")))["bucket"]!;
        Assert.Equal(1, stored["revision"]!.GetValue<long>());
    }
}
