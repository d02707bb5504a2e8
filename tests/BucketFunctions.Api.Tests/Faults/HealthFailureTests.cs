using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Health;
using BucketFunctions.Infrastructure.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>A credential store that does not answer (a real table client aimed at a closed port) turns health to 503, naming it.</summary>
public sealed class HealthFailureTests() : ApiTestBase(replaceServices: services =>
{
    services.RemoveAll<IHealthCheck>();
    services.AddSingleton<IHealthCheck>(sp => new TableHealthCheck("tableStorage", sp.GetRequiredKeyedService<TableClient>("tenants")));
    services.AddSingleton<IHealthCheck>(new TableHealthCheck("credentialVault", new TableClient(
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};TableEndpoint=http://127.0.0.1:{ClosedPort()}/{Azurite.AccountName};",
        "credentials")));
})
{
    [Fact]
    public async Task Health_is_503_naming_the_dependency_that_did_not_answer()
    {
        var response = await Factory.CreateClient().GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"status":"unhealthy","checks":{"tableStorage":"healthy","credentialVault":"unhealthy"}}"""), JsonNode.Parse(text)), text);
        Assert.DoesNotContain(Azurite.AccountKey, string.Join("\n", Factory.Logs.Lines), StringComparison.Ordinal);
    }
}
