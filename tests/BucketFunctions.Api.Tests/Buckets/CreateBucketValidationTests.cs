using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Buckets;

/// <summary>Every validation rule through HTTP: a breaking value fails naming its field and stores nothing; a conforming one gets past validation.</summary>
public sealed class CreateBucketValidationTests : ApiTestBase
{
    private const string Absent = "<absent>";

    public static TheoryData<string, string, string> BreakingValues => new()
    {
        { "S3", "name", Absent }, { "S3", "name", "   " }, { "S3", "name", new string('n', 101) }, { "S3", "name", "tab\there" },
        { "S3", "storageType", Absent }, { "S3", "storageType", "FTP" },
        { "S3", "bucket", Absent }, { "S3", "bucket", "ab" }, { "S3", "bucket", new string('a', 64) }, { "S3", "bucket", "Upper-Case" },
        { "S3", "bucket", "two..dots" }, { "S3", "bucket", "192.168.5.4" }, { "S3", "bucket", "-starts-with-hyphen" }, { "S3", "bucket", "under_score" },
        { "S3", "bucket", "dot.-hyphen" }, { "S3", "bucket", "xn--punycode" }, { "S3", "bucket", "sthree-bucket" }, { "S3", "bucket", "amzn-s3-demo-bucket" },
        { "S3", "bucket", "bucket-s3alias" }, { "S3", "bucket", "bucket--ol-s3" }, { "S3", "bucket", "bucket.mrap" }, { "S3", "bucket", "bucket--x-s3" },
        { "S3", "bucket", "bucket--table-s3" },
        { "GCS", "bucket", "goog-bucket" }, { "GCS", "bucket", "my-google-bucket" }, { "GCS", "bucket", "my-g00gle-bucket" }, { "GCS", "bucket", "10.0.0.1" },
        { "GCS", "bucket", new string('g', 64) },
        { "AZURE", "bucket", "double--hyphen" }, { "AZURE", "bucket", "Capitals" }, { "AZURE", "bucket", "under_score" }, { "AZURE", "bucket", "trailing-" },
        { "S3", "key", Absent }, { "S3", "key", "has space" }, { "S3", "key", new string('k', 257) },
        { "AZURE", "key", "Not_An_Account" },
        { "S3", "secret", Absent }, { "S3", "secret", "" }, { "S3", "secret", "    " },
        { "AZURE", "secret", "neither base64 nor a SAS token!" },
        { "S3", "region", "" }, { "S3", "region", "us east 1" }, { "S3", "region", "EU_West" },
        { "S3", "endpoint", "not a url" }, { "S3", "endpoint", "https://user:pw@s3.example.com" }, { "S3", "endpoint", "https://s3.example.com/?x=1" },
        { "S3", "workspaceId", "" }, { "S3", "workspaceId", "has space" }, { "S3", "workspaceId", new string('w', 65) },
    };

    public static TheoryData<string, string, string> ConformingValues => new()
    {
        { "S3", "name", "Ünïcødé name ✓" }, { "S3", "name", new string('n', 100) },
        { "S3", "storageType", "s3" },
        { "S3", "bucket", "probe-bucket" }, { "S3", "bucket", "abc" }, { "S3", "bucket", new string('a', 63) }, { "S3", "bucket", "with.dots.ok" },
        { "GCS", "bucket", "under_score_ok" }, { "GCS", "bucket", string.Join('.', Enumerable.Repeat(new string('g', 54), 4)) },
        { "AZURE", "bucket", "single-hyphens-ok" }, { "AZURE", "bucket", "abc" },
        { "S3", "key", "AKIAIOSFODNN7EXAMPLE" },
        { "AZURE", "key", "mystorageaccount" },
        { "AZURE", "secret", "?sv=2024-08-04&ss=b&srt=co&sp=rl&sig=abc" },
        { "S3", "secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "S3", "region", "auto" }, { "S3", "region", "eu-central-1" },
        { "S3", "workspaceId", Workspace },
    };

    [Theory]
    [MemberData(nameof(BreakingValues))]
    public async Task A_breaking_value_is_refused_naming_its_field_and_nothing_is_stored(string storageType, string field, string value)
    {
        var body = Body(storageType, field, value);

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "validation_failed");

        var error = Assert.Single(problem["errors"]!.AsArray(), e => e!["field"]!.GetValue<string>() == field)!;
        Assert.Equal("/" + field, error["pointer"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Theory]
    [MemberData(nameof(ConformingValues))]
    public async Task A_conforming_value_gets_past_validation(string storageType, string field, string value)
    {
        var response = await PostJsonAsync(Tenant, "/bucket", Body(storageType, field, value));

        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("validation_failed", text);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, text);
        Assert.DoesNotContain("storage_type_not_supported", text);
    }

    [Fact]
    public async Task Every_broken_field_is_reported_at_once()
    {
        var body = ValidBody();
        body["name"] = "";
        body["bucket"] = "BAD";
        body["key"] = "has space";
        body["region"] = "us east";

        var problem = await AssertProblemAsync(await PostJsonAsync(Tenant, "/bucket", body), HttpStatusCode.BadRequest, "validation_failed");

        var pointers = problem["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["/bucket", "/key", "/name", "/region"], pointers);
    }

    /// <summary>A body that is valid for its storage type except for the one field under test.</summary>
    private JsonObject Body(string storageType, string field, string value)
    {
        var body = ValidBody();
        body["storageType"] = storageType;
        if (storageType != "S3")
        {
            // Real providers on loopback: GCS HMAC through s3rver's XML API, Azure at Azurite's Blob service.
            body["bucket"] = storageType == "GCS" ? "my-gcs-bucket" : "my-container";
            body["key"] = storageType == "GCS" ? S3rver.AccessKey : "mystorageaccount";
            body["secret"] = Convert.ToBase64String(new byte[64]);
            body["endpoint"] = storageType == "GCS" ? S3.Endpoint.ToString() : Azurite.BlobEndpoint.ToString();
            body.Remove("region");
        }

        if (value == Absent)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = value;
        }

        return body;
    }
}
