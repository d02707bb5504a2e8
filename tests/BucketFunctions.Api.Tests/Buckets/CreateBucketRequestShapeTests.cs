using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Buckets;

public sealed class CreateBucketRequestShapeTests : ApiTestBase
{
    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    public async Task Create_returns_400_malformed_request_for_a_body_that_is_not_a_JSON_object(string body)
    {
        await AssertProblemAsync(await PostRawAsync(Tenant, "/bucket", body, "application/json"), HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_400_malformed_request_naming_every_field_of_the_wrong_type()
    {
        var body = ValidBody();
        body["name"] = 5;
        body["secret"] = true;
        body["region"] = new JsonObject();

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "malformed_request");

        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["name", "region", "secret"], fields);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_rejects_a_duplicated_key_and_names_it()
    {
        var json = ValidBody().ToJsonString();
        var duplicated = json.Insert(1, "\"bucket\":\"some-other-bucket\",");

        var problem = await AssertProblemAsync(await PostRawAsync(Tenant, "/bucket", duplicated, "application/json"), HttpStatusCode.BadRequest, "malformed_request");

        Assert.Contains("'bucket'", problem["detail"]!.GetValue<string>());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_returns_413_for_a_body_over_64_KiB()
    {
        var body = ValidBody();
        body["padding"] = new string('x', 64 * 1024);

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_accepts_a_body_just_under_64_KiB()
    {
        var body = ValidBody();
        body["padding"] = string.Empty;
        body["padding"] = new string('x', (64 * 1024) - body.ToJsonString().Length);

        await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", body));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task Create_returns_415_unless_the_body_is_application_json(string? contentType)
    {
        await AssertProblemAsync(await PostRawAsync(Tenant, "/bucket", ValidBody().ToJsonString(), contentType), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Create_accepts_application_json_with_a_utf8_charset()
    {
        await AssertOkAsync(await PostRawAsync(Tenant, "/bucket", ValidBody().ToJsonString(), "application/json; charset=utf-8"));
    }

    [Fact]
    public async Task A_caller_correlation_id_is_echoed_and_an_absent_one_is_generated()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bucket") { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-correlation-id", "client-trace-1234");

        var echoed = await Tenant.SendAsync(request);
        var generated = await PostRawAsync(Tenant, "/bucket", "{", "application/json");

        Assert.Equal("client-trace-1234", echoed.Headers.GetValues("x-correlation-id").Single());
        Assert.Equal("client-trace-1234", (await AssertProblemAsync(echoed, HttpStatusCode.BadRequest, "malformed_request"))["correlationId"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("x-correlation-id").Single());
    }
}
