using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Idempotency;

public sealed class IdempotencyKeyTests : ApiTestBase
{
    private Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bucket") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_repeat_with_the_same_body_returns_the_first_response_and_stores_one_bucket()
    {
        var body = ValidBody().ToJsonString();

        var first = await PostWithKeyAsync(Tenant, "create-1", body);
        var second = await PostWithKeyAsync(Tenant, "create-1", body);

        var firstJson = await AssertOkAsync(first);
        var secondJson = await AssertOkAsync(second);
        Assert.Equal(firstJson.ToJsonString(), secondJson.ToJsonString());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_returns_422_and_stores_nothing_more()
    {
        await AssertOkAsync(await PostWithKeyAsync(Tenant, "create-2", ValidBody(name: "first").ToJsonString()));

        await AssertProblemAsync(await PostWithKeyAsync(Tenant, "create-2", ValidBody(name: "second").ToJsonString()), (HttpStatusCode)422, "idempotency_key_reuse");

        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task Concurrent_repeats_run_the_request_once()
    {
        var body = ValidBody().ToJsonString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKeyAsync(Tenant, "create-3", body)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, s.ToString()));
        Assert.Contains(HttpStatusCode.OK, statuses);
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await AssertProblemAsync(conflict, HttpStatusCode.Conflict, "idempotency_in_progress");
        }

        var ids = new HashSet<string>();
        foreach (var ok in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            ids.Add((await AssertOkAsync(ok))["bucketId"]!.GetValue<string>());
        }

        Assert.Single(ids);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_refusal_is_replayed_too()
    {
        var body = ValidBody();
        body["bucket"] = "Not_Valid";

        var first = await PostWithKeyAsync(Tenant, "create-4", body.ToJsonString());
        var second = await PostWithKeyAsync(Tenant, "create-4", body.ToJsonString());

        await AssertProblemAsync(first, HttpStatusCode.BadRequest, "validation_failed");
        await AssertProblemAsync(second, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var correlation = second.Headers.GetValues("x-correlation-id").Single();
        Assert.Contains(Factory.Logs.Lines, l => l.Contains("answered 400 replayed", StringComparison.Ordinal) && l.Contains(correlation, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_outage_frees_the_key_so_the_retry_runs_again()
    {
        var body = ValidBody();
        body["endpoint"] = $"http://127.0.0.1:{ClosedPort()}";

        var first = await PostWithKeyAsync(Tenant, "create-5", body.ToJsonString());
        var retry = await PostWithKeyAsync(Tenant, "create-5", body.ToJsonString());

        await AssertProblemAsync(first, HttpStatusCode.BadGateway, "provider_unavailable");
        await AssertProblemAsync(retry, HttpStatusCode.BadGateway, "provider_unavailable");
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Keys_belong_to_one_organization()
    {
        var other = "org-idem-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(other, bucketLimit: null);
        using var otherTenant = await TenantClientAsync(other, ["*"], ["writeBuckets"]);

        await AssertOkAsync(await PostWithKeyAsync(Tenant, "shared-key", ValidBody(name: "ours").ToJsonString()));
        await AssertOkAsync(await PostWithKeyAsync(otherTenant, "shared-key", ValidBody(name: "theirs").ToJsonString()));

        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync(other));
    }

    [Fact]
    public async Task A_key_over_255_characters_is_refused_naming_the_header()
    {
        var problem = await AssertProblemAsync(await PostWithKeyAsync(Tenant, new string('k', 256), ValidBody().ToJsonString()), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal("Idempotency-Key", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task The_kept_response_holds_no_secret()
    {
        var secret = NewSecret();

        await AssertOkAsync(await PostWithKeyAsync(Tenant, "create-6", ValidBody(secret: secret).ToJsonString()));
        await AssertProblemAsync(await PostWithKeyAsync(Tenant, "create-7", ValidBody(name: "x", secret: secret).ToJsonString().Replace("\"S3\"", "\"FTP\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "validation_failed");

        var stored = await AllStoredTextAsync();
        Assert.Contains(stored, text => text.Contains("bucketId", StringComparison.Ordinal));
        Assert.All(stored, text => Assert.DoesNotContain(secret, text));
    }
}
