using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Buckets;

/// <summary>GET, PUT and DELETE of one bucket, and GET /bucket, through the real handlers against Azurite and s3rver.</summary>
public sealed class BucketRoutesTests : ApiTestBase
{
    [Fact]
    public async Task Get_returns_what_create_returned_with_its_revision_as_etag()
    {
        var created = await CreateBucketAsync();

        var response = await Tenant.GetAsync($"/bucket/{created["id"]}");
        var body = await AssertOkAsync(response);

        Assert.True(JsonNode.DeepEquals(created, body["bucket"]), body.ToJsonString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    public async Task Get_update_and_delete_of_an_unknown_id_answer_404(string id)
    {
        await AssertProblemAsync(await Tenant.GetAsync($"/bucket/{id}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "x" }), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Rename_moves_the_name_frees_the_old_one_and_grows_the_revision()
    {
        var created = await CreateBucketAsync(body: ValidBody("Old Name"));
        var id = created["id"]!.GetValue<string>();

        var response = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "New Name" });
        var renamed = (await AssertOkAsync(response))["bucket"]!;

        Assert.Equal(("New Name", 2L), (renamed["name"]!.GetValue<string>(), renamed["revision"]!.GetValue<long>()));
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal(created["createdAt"]!.GetValue<DateTimeOffset>(), renamed["createdAt"]!.GetValue<DateTimeOffset>());
        await CreateBucketAsync(body: ValidBody("old name"));
        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody("NEW NAME")), HttpStatusCode.Conflict, "duplicate_bucket_name");
        Assert.Equal(new StoredState(2, 2, 2, 2), await StoredAsync());
    }

    [Fact]
    public async Task Rename_to_a_taken_name_is_409_and_changes_nothing()
    {
        await CreateBucketAsync(body: ValidBody("Taken"));
        var other = await CreateBucketAsync(body: ValidBody("Mine"));
        var before = await StoredAsync();

        var body = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{other["id"]}", new JsonObject { ["name"] = "taken" }), HttpStatusCode.Conflict, "duplicate_bucket_name");

        Assert.Equal("name", body["errors"]![0]!["field"]!.GetValue<string>());
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{other["id"]}")))["bucket"]!;
        Assert.True(JsonNode.DeepEquals(other, stored));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_stale_if_match_is_412_and_the_current_one_succeeds()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Second" }, ("If-Match", "\"1\"")));

        var stale = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Third" }, ("If-Match", "\"1\"")),
            HttpStatusCode.PreconditionFailed, "revision_mismatch");
        Assert.Contains("revision 2", stale["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var current = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Third" }, ("If-Match", "\"2\"")));
        Assert.Equal(("Third", 3L), (current["bucket"]!["name"]!.GetValue<string>(), current["bucket"]!["revision"]!.GetValue<long>()));
        await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "Fourth" }, ("If-Match", "3")),
            HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_credential_change_is_proven_then_replaces_the_vault_entry()
    {
        var original = NewSecret();
        var id = (await CreateBucketAsync(body: ValidBody(secret: original)))["id"]!.GetValue<string>();
        Assert.Equal(original, (await StoredCredentialAsync(id))!.Secret.Reveal());

        var replacement = NewSecret();
        var updated = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = replacement }));

        Assert.Equal(2, updated["bucket"]!["revision"]!.GetValue<long>());
        Assert.Equal(replacement, (await StoredCredentialAsync(id))!.Secret.Reveal());
        Assert.DoesNotContain(replacement, updated.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_credential_the_provider_refuses_leaves_the_record_and_the_stored_credential_untouched()
    {
        var secret = NewSecret();
        var created = await CreateBucketAsync(body: ValidBody(secret: secret));
        var id = created["id"]!.GetValue<string>();

        // s3rver checks access key ids (not signatures): an unknown key is the provider refusing the credential.
        var refused = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["key"] = "NOTAKNOWNKEY", ["secret"] = NewSecret() }),
            HttpStatusCode.BadRequest, "credentials_rejected");

        Assert.Contains(refused["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == "key");
        Assert.True(JsonNode.DeepEquals(created, (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}")))["bucket"]));
        var stored = (await StoredCredentialAsync(id))!;
        Assert.Equal((S3rver.AccessKey, secret), (stored.Key, stored.Secret.Reveal()));
    }

    [Fact]
    public async Task An_update_is_validated_like_a_create_and_a_required_field_cannot_be_cleared()
    {
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();

        var invalid = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["bucket"] = "Not_Valid", ["storageType"] = "FTP" }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["bucket", "storageType"], invalid["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).Order());

        var cleared = await AssertProblemAsync(
            await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = null, ["region"] = null }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("name", Assert.Single(cleared["errors"]!.AsArray())!["field"]!.GetValue<string>());

        var regionCleared = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["region"] = null }));
        Assert.Null(regionCleared["bucket"]!["region"]);
    }

    [Fact]
    public async Task An_update_with_an_idempotency_key_is_replayed_and_the_key_is_bound_to_its_bucket()
    {
        var first = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var second = (await CreateBucketAsync())["id"]!.GetValue<string>();
        var change = new JsonObject { ["name"] = "Renamed once" };

        var once = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{first}", change, ("Idempotency-Key", "rename-1"));
        var again = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{first}", change, ("Idempotency-Key", "rename-1"));

        Assert.Equal(await once.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{first}")))["bucket"]!["revision"]!.GetValue<long>());
        await AssertProblemAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{second}", change, ("Idempotency-Key", "rename-1")),
            (HttpStatusCode)422, "idempotency_key_reuse");
    }

    [Fact]
    public async Task Delete_removes_row_name_counter_and_vault_entry_and_a_second_delete_is_404()
    {
        var id = (await CreateBucketAsync(body: ValidBody("Doomed")))["id"]!.GetValue<string>();
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());

        Assert.True((await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{id}")))["success"]!.GetValue<bool>());

        Assert.Equal(StoredState.Empty, await StoredAsync());
        Assert.Null(await StoredCredentialAsync(id));
        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{id}"), HttpStatusCode.NotFound, "not_found");
        await AssertProblemAsync(await Tenant.GetAsync($"/bucket/{id}"), HttpStatusCode.NotFound, "not_found");
        await CreateBucketAsync(body: ValidBody("Doomed"));
    }

    [Fact]
    public async Task At_the_limit_a_delete_makes_room_for_exactly_one_create()
    {
        var org = "org-limit-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(org, bucketLimit: 2);
        using var tenant = await TenantClientAsync(org, ["*"], ["writeBuckets", "deleteBuckets", "readBuckets"]);
        var first = await CreateBucketAsync(tenant);
        await CreateBucketAsync(tenant);
        await AssertProblemAsync(await PostJsonAsync(tenant, "/bucket", ValidBody()), HttpStatusCode.TooManyRequests, "too_many_buckets");

        await AssertOkAsync(await tenant.DeleteAsync($"/bucket/{first["id"]}"));

        await CreateBucketAsync(tenant);
        await AssertProblemAsync(await PostJsonAsync(tenant, "/bucket", ValidBody()), HttpStatusCode.TooManyRequests, "too_many_buckets");
        Assert.Equal(new StoredState(2, 2, 2, 2), await StoredAsync(org));
    }

    [Fact]
    public async Task Twenty_concurrent_deletes_of_one_bucket_succeed_once_and_drop_the_counter_by_one()
    {
        await CreateBucketAsync();
        var id = (await CreateBucketAsync())["id"]!.GetValue<string>();
        Assert.Equal(new StoredState(2, 2, 2, 2), await StoredAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Tenant.DeleteAsync($"/bucket/{id}")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, answers.Count(a => a.StatusCode == HttpStatusCode.NotFound));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task List_pages_with_an_opaque_token_and_refuses_a_bad_page_size_or_token()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateBucketAsync();
        }

        var first = await AssertOkAsync(await Tenant.GetAsync("/bucket?pageSize=2"));
        Assert.Equal(2, first["buckets"]!.AsArray().Count);
        var token = first["continuationToken"]!.GetValue<string>();
        var rest = await AssertOkAsync(await Tenant.GetAsync($"/bucket?pageSize=100&continuationToken={Uri.EscapeDataString(token)}"));
        Assert.Equal(3, rest["buckets"]!.AsArray().Count);
        Assert.Null(rest["continuationToken"]);
        Assert.Equal(5, (await AssertOkAsync(await Tenant.GetAsync("/bucket")))["buckets"]!.AsArray().Count);

        foreach (var size in new[] { "0", "101", "-1", "ten", "1.5" })
        {
            var refused = await AssertProblemAsync(await Tenant.GetAsync($"/bucket?pageSize={size}"), HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal("pageSize", refused["errors"]![0]!["field"]!.GetValue<string>());
        }

        var tampered = token[..^2] + (token[^2] == 'x' ? "yy" : "xx");
        var bad = await AssertProblemAsync(await Tenant.GetAsync($"/bucket?continuationToken={tampered}"), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("continuationToken", bad["errors"]![0]!["field"]!.GetValue<string>());
    }
}
