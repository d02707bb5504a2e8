using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Api.Tests.Buckets;

/// <summary>
/// Create and both validate routes for every provider, through the real handlers: S3 and GCS (HMAC, through the XML
/// interoperability API) against s3rver, Azure against Azurite's Blob service, which checks Shared Key and SAS
/// signatures for real.
/// </summary>
public sealed class ProviderRoutesTests : ApiTestBase
{
    private static readonly string[] AllChecks = ["endpoint_allowed", "reachable", "authenticated", "bucket_exists", "list_allowed"];
    private static readonly string[] WriteChecks = [.. AllChecks, "write_allowed", "delete_allowed"];

    private JsonObject AzureBody(string container, string? secret = null) => new()
    {
        ["name"] = "Blobs " + Guid.NewGuid().ToString("N")[..6],
        ["bucket"] = container,
        ["storageType"] = "AZURE",
        ["key"] = Azurite.AccountName,
        ["secret"] = secret ?? Azurite.AccountKey,
        ["endpoint"] = Azurite.BlobEndpoint.ToString(),
        ["workspaceId"] = Workspace,
    };

    private JsonObject GcsHmacBody() => new()
    {
        ["name"] = "Gcs " + Guid.NewGuid().ToString("N")[..6],
        ["bucket"] = S3rver.BucketName,
        ["storageType"] = "GCS",
        ["key"] = S3rver.AccessKey,
        ["secret"] = NewSecret(),
        ["endpoint"] = S3.Endpoint.ToString(),
        ["workspaceId"] = Workspace,
    };

    [Fact]
    public async Task Azure_with_the_account_key_registers_and_reads_back_without_the_key()
    {
        var container = await Azurite.CreateContainerAsync();

        var bucket = await CreateBucketAsync(body: AzureBody(container));

        Assert.Equal(("AZURE", container, "ONLINE"), (bucket["storageType"]!.GetValue<string>(), bucket["bucket"]!.GetValue<string>(), bucket["status"]!.GetValue<string>()));
        Assert.Equal(Azurite.AccountKey, (await StoredCredentialAsync(bucket["id"]!.GetValue<string>()))!.Secret.Reveal());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Azure_with_a_sas_in_any_parameter_order_registers_under_the_blob_spelling_and_answers_with_it(bool portalOrder)
    {
        var container = await Azurite.CreateContainerAsync();
        var parameters = AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddHours(1));
        var ordered = portalOrder ? parameters.OrderBy(p => p.Name == "sp" ? 0 : 1).ToList() : parameters;
        var body = AzureBody(container, AzureBlobSas.Token(ordered, leadingQuestionMark: !portalOrder));
        body["storageType"] = "BLOB";

        var bucket = await CreateBucketAsync(body: body);

        Assert.Equal("BLOB", bucket["storageType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Azure_refusals_name_what_to_fix_and_store_nothing()
    {
        var container = await Azurite.CreateContainerAsync();
        var wrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", AzureBody(container, wrongKey)), HttpStatusCode.BadRequest, "credentials_rejected");
        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", AzureBody("no-such-" + container[6..])), HttpStatusCode.BadRequest, "bucket_not_found_at_provider");
        var expired = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", AzureBody(container, expired)), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("secret", Assert.Single(problem["errors"]!.AsArray())!["field"]!.GetValue<string>());

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task Gcs_hmac_keys_register_through_the_xml_interoperability_api()
    {
        var bucket = await CreateBucketAsync(body: GcsHmacBody());

        Assert.Equal(("GCS", "ONLINE"), (bucket["storageType"]!.GetValue<string>(), bucket["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Validating_a_create_body_reports_every_check_and_stores_nothing()
    {
        var container = await Azurite.CreateContainerAsync();
        foreach (var body in new[] { ValidBody(), GcsHmacBody(), AzureBody(container) })
        {
            var report = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket/validate", body));
            AssertReport(report, "ONLINE", AllChecks, failedAt: null);
            Assert.InRange(report["latency_ms"]!.GetValue<long>(), 0, 60_000);
        }

        var withWrite = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket/validate?write=true", AzureBody(container)));
        AssertReport(withWrite, "ONLINE", WriteChecks, failedAt: null);
        Assert.DoesNotContain(".bucketfunctions-probe-", await Azurite.ListBlobsAsync(container), StringComparison.Ordinal);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_validate_answer_is_200_for_every_provider_outcome_with_the_failing_check_named()
    {
        var container = await Azurite.CreateContainerAsync();
        var readOnly = AzureBlobSas.Token(AzureBlobSas.Service(container, "r", DateTimeOffset.UtcNow.AddHours(1)));
        var wrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());
        var unreachable = ValidBody();
        unreachable["endpoint"] = $"http://127.0.0.1:{ClosedPort()}";

        var cases = new (JsonObject Body, string Status, string FailedAt)[]
        {
            (AzureBody(container, wrongKey), "UNAUTHORIZED", "authenticated"),
            (AzureBody("no-such-" + container[6..]), "NOT_FOUND", "bucket_exists"),
            (AzureBody(container, readOnly), "FORBIDDEN", "list_allowed"),
            (unreachable, "UNREACHABLE", "reachable"),
        };
        foreach (var (body, status, failedAt) in cases)
        {
            AssertReport(await ReportAsync(await PostJsonAsync(Tenant, "/bucket/validate", body)), status, AllChecks, failedAt);
        }

        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_request_that_cannot_be_checked_at_all_is_a_4xx()
    {
        var metadata = ValidBody();
        metadata["endpoint"] = "http://169.254.169.254";
        var invalid = ValidBody();
        invalid["bucket"] = "Not_A_Bucket";

        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket/validate", metadata), HttpStatusCode.BadRequest, "endpoint_not_allowed");
        await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket/validate", invalid), HttpStatusCode.BadRequest, "validation_failed");
        var flag = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket/validate?write=maybe", ValidBody()), HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("write", flag["errors"]![0]!["field"]!.GetValue<string>());
        await AssertProblemAsync(await PostRawAsync(Tenant, $"/bucket/{Guid.NewGuid()}/validate", "", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Validating_a_stored_bucket_records_its_status_and_keeps_its_revision()
    {
        var container = await Azurite.CreateContainerAsync();
        var shortLived = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddSeconds(3)));
        var created = await CreateBucketAsync(body: AzureBody(container, shortLived));
        var id = created["id"]!.GetValue<string>();

        var online = await AssertOkAsync(await PostRawAsync(Tenant, $"/bucket/{id}/validate", "", null));
        AssertReport(online, "ONLINE", AllChecks, failedAt: null);
        var afterOnline = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}")))["bucket"]!;
        Assert.True(afterOnline["lastStatusAt"]!.GetValue<DateTimeOffset>() > created["lastStatusAt"]!.GetValue<DateTimeOffset>());

        await Task.Delay(TimeSpan.FromSeconds(4));
        var expired = await ReportAsync(await PostRawAsync(Tenant, $"/bucket/{id}/validate", "", null));

        AssertReport(expired, "UNAUTHORIZED", AllChecks, failedAt: "authenticated");
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}")))["bucket"]!;
        Assert.Equal(("UNAUTHORIZED", 1L), (stored["status"]!.GetValue<string>(), stored["revision"]!.GetValue<long>()));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    [Fact]
    public async Task A_bucket_whose_stored_sas_expired_can_be_renamed_even_with_it_resent_but_not_given_another_expired_sas()
    {
        var container = await Azurite.CreateContainerAsync();
        var shortLived = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddSeconds(3)));
        var body = AzureBody(container, shortLived);
        var id = (await CreateBucketAsync(body: body))["id"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(4));

        // The stored token's expiry is the bucket's state, not an error in a body that only renames it — also when the
        // body is the whole create body sent back, the stored token in it, as Flashback's client sends an update.
        var renamed = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = "After expiry" }));
        body["name"] = "Resent whole";
        var resentWhole = await AssertOkAsync(await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", body));
        var otherExpired = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddMinutes(-5)));
        var replaced = await SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["secret"] = otherExpired });

        Assert.Equal("After expiry", renamed["bucket"]!["name"]!.GetValue<string>());
        var resentBucket = resentWhole["bucket"]!;
        Assert.Equal(("Resent whole", 3L), (resentBucket["name"]!.GetValue<string>(), resentBucket["revision"]!.GetValue<long>()));
        var problem = await AssertProblemAsync(replaced, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("/secret", problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(shortLived, (await StoredCredentialAsync(id))!.Secret.Reveal());
    }

    /// <summary>A validate answer is 200 whether or not the checks passed.</summary>
    private static async Task<JsonObject> ReportAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static void AssertReport(JsonObject report, string status, string[] names, string? failedAt)
    {
        Assert.Equal(failedAt is null, report["success"]!.GetValue<bool>());
        Assert.Equal(status, report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsArray();
        Assert.Equal(names, checks.Select(c => c!["name"]!.GetValue<string>()));
        var failed = failedAt is null ? names.Length : Array.IndexOf(names, failedAt);
        for (var i = 0; i < names.Length; i++)
        {
            var passed = checks[i]!["passed"]?.GetValue<bool>();
            Assert.True(passed == (i < failed ? true : i == failed ? false : null), $"{names[i]}: {checks[i]!.ToJsonString()}");
        }
    }
}
