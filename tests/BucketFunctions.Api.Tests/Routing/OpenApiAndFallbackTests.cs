using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Routing;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Routing;

/// <summary>The served OpenAPI document is the route table; unknown paths and wrong methods are problem responses.</summary>
public sealed class OpenApiAndFallbackTests : ApiTestBase
{
    [Fact]
    public async Task The_openapi_document_lists_exactly_the_route_table()
    {
        var response = await Factory.CreateClient().GetAsync("/openapi.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key.TrimStart('/'), o.Value!["operationId"]!.GetValue<string>())));
        Assert.Equal(ApiRoutes.All.Select(r => (r.Method, r.Template, r.Name)).Order(), operations.Order());
        Assert.True(JsonNode.DeepEquals(ContractSchema.Current.Document, document));
    }

    /// <summary>
    /// The document is built from the code, so comparing it with the code proves little: it is pinned to a committed
    /// snapshot instead, so every change to the contract shows up in review. After an intended change, regenerate it with
    /// <c>UPDATE_OPENAPI_SNAPSHOT=1 dotnet test tests/BucketFunctions.Api.Tests --filter OpenApi</c>.
    /// </summary>
    [Fact]
    public async Task The_served_document_is_the_committed_contract_snapshot()
    {
        var served = JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/openapi.json"))!;
        var path = Path.Combine(RepositoryRoot.Path, "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI_SNAPSHOT") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(path)), served),
            "The served OpenAPI document differs from docs/openapi.json. If the contract change is intended, regenerate the snapshot "
            + "(UPDATE_OPENAPI_SNAPSHOT=1 dotnet test tests/BucketFunctions.Api.Tests --filter OpenApi) and review its diff.");
    }

    [Fact]
    public void The_contract_check_refuses_a_body_that_breaks_the_schema()
    {
        var bucket = new JsonObject
        {
            ["id"] = Guid.NewGuid(), ["name"] = "n", ["bucket"] = "b", ["storageType"] = "S3", ["region"] = null, ["endpoint"] = null,
            ["workspaceId"] = "w", ["walletAddress"] = null, ["keyHint"] = "k", ["status"] = "ONLINE",
            ["lastStatusAt"] = DateTimeOffset.UtcNow,
            ["createdAt"] = DateTimeOffset.UtcNow, ["updatedAt"] = DateTimeOffset.UtcNow, ["revision"] = 1, ["apiKeyId"] = null,
        };
        string Check(JsonObject body) => string.Join("; ", ContractSchema.Current.Check(new RecordedResponse("GET", "/bucket/x", 200, "application/json", body.ToJsonString())));

        Assert.Empty(Check(new JsonObject { ["success"] = true, ["bucket"] = bucket.DeepClone() }));
        Assert.Contains("lacks required 'bucket'", Check(new JsonObject { ["success"] = true }), StringComparison.Ordinal);
        var leaking = bucket.DeepClone().AsObject();
        leaking["secret"] = "oops";
        Assert.Contains("'secret'", Check(new JsonObject { ["success"] = true, ["bucket"] = leaking }), StringComparison.Ordinal);
        var badStatus = bucket.DeepClone().AsObject();
        badStatus["status"] = "VERIFIED";
        Assert.Contains("not one of", Check(new JsonObject { ["success"] = true, ["bucket"] = badStatus }), StringComparison.Ordinal);
        Assert.Contains("not in the document", string.Join(";", ContractSchema.Current.Check(new RecordedResponse("GET", "/bucket/x", 418, null, "{}"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/bucket/a/b/c")]
    [InlineData("/admin/organizations")]
    public async Task An_unknown_path_is_a_404_problem(string path)
    {
        await AssertProblemAsync(await Tenant.GetAsync(path), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await PostJsonAsync(Tenant, path, new JsonObject()), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("PATCH", "/bucket", "POST, GET")]
    [InlineData("POST", "/bucket/0f8fad5b-d9cb-469f-a165-70867728950e", "GET, PUT, DELETE")]
    [InlineData("DELETE", "/quota", "GET")]
    [InlineData("GET", "/manage/organizations", "POST")]
    public async Task A_wrong_method_is_a_405_problem_naming_the_allowed_ones(string method, string path, string allow)
    {
        var response = await Tenant.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Health_answers_200_with_each_dependency_and_nothing_secret()
    {
        var response = await Factory.CreateClient().GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"status":"healthy","checks":{"tableStorage":"healthy","credentialVault":"healthy"}}"""), JsonNode.Parse(text)), text);
    }
}
