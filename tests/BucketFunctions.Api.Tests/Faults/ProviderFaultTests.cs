using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Network;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// A provider endpoint that accepts the connection and then never answers, or resets it: the create and the update
/// answer 502 provider_unavailable within the probe timeout, and nothing is stored or changed.
/// </summary>
public sealed class ProviderFaultTests() : PortFaultTestBase(new() { ["Endpoints:ProbeTimeout"] = "00:00:01" })
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_create_against_a_stalling_or_resetting_provider_answers_502_and_stores_nothing(bool reset)
    {
        using var provider = new LoopbackListener(reset);
        var body = ValidBody();
        body["endpoint"] = provider.Endpoint.ToString();

        var response = await PostJsonAsync(Tenant, "/bucket", body);

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "provider_unavailable");
        Assert.True(provider.Accepted > 0, "The provider was never called.");
        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_update_against_a_stalling_or_resetting_provider_answers_502_and_changes_nothing(bool reset)
    {
        var secret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));
        using var provider = new LoopbackListener(reset);
        var change = new JsonObject { ["endpoint"] = provider.Endpoint.ToString(), ["secret"] = NewSecret() };

        var response = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{IdOf(bucket)}", change);

        await AssertProblemAsync(response, HttpStatusCode.BadGateway, "provider_unavailable");
        Assert.True(provider.Accepted > 0, "The provider was never called.");
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}")))["bucket"]!;
        Assert.Equal(bucket.ToJsonString(), stored.ToJsonString());
    }
}
