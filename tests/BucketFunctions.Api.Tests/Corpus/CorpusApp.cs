using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Corpus;

/// <summary>
/// The one app every corpus file runs against (in process, plus the same app on real Kestrel for raw-socket files):
/// an organization with two buckets ("Corpus Backups", "Corpus Second"), two provider keys (one of them used by a third
/// bucket, "Corpus Keyed") and tokens of every kind a file may name, and a second organization whose bucket, key and
/// token must stay out of reach.
/// </summary>
public sealed class CorpusApp : ApiTestBase
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public ApiFactory App => Factory;

    public ApiFactory Kestrel { get; private set; } = null!;

    /// <summary>An S3-compatible endpoint answering garbage; the bucket name picks which (see <see cref="GarbageS3.Answers"/>).</summary>
    public GarbageS3 Garbage { get; } = new();

    public string OtherOrganizationId { get; } = "org-other-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The full-capability token's client, for removing what a <c>2xx</c> file created.</summary>
    public HttpClient Owner => Tenant;

    public string Organization => OrganizationId;

    public IReadOnlyDictionary<string, string> Placeholders => values;

    public new Task<StoredState> StoredAsync(string? organizationId = null) => base.StoredAsync(organizationId);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Kestrel = RawHttp.StartKestrel(Azurite, Factory);
        string[] all = ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"];
        var (_, token) = await IssueAsync(OrganizationId, ["*"], all);
        var (_, limited) = await IssueAsync(OrganizationId, [Workspace], ["readBuckets"]);
        var (revokedId, revoked) = await IssueAsync(OrganizationId, ["*"], all);
        var (spareId, _) = await IssueAsync(OrganizationId, ["*"], ["readBuckets"]);
        using (var admin = Factory.CreateAdminClient())
        {
            (await admin.DeleteAsync($"/manage/organizations/{OrganizationId}/tokens/{revokedId}")).EnsureSuccessStatusCode();
        }

        var bucketId = (await CreateBucketAsync(body: ValidBody("Corpus Backups")))["id"]!.GetValue<string>();
        await CreateBucketAsync(body: ValidBody("Corpus Second"));
        var apiKeyId = await CreateProviderKeyAsync(Tenant);
        var usedApiKeyId = await CreateProviderKeyAsync(Tenant);
        await CreateBucketAsync(body: new JsonObject
        {
            ["name"] = "Corpus Keyed", ["bucket"] = S3rver.BucketName, ["storageType"] = "S3", ["workspaceId"] = Workspace,
            ["apiKeyUuid"] = usedApiKeyId,
        });

        await CreateOrganizationAsync(OtherOrganizationId, bucketLimit: null);
        var (otherTokenId, otherToken) = await IssueAsync(OtherOrganizationId, ["*"], all);
        using var other = ClientWithToken(otherToken);
        var otherBucketId = (await CreateBucketAsync(other, ValidBody("Corpus Backups")))["id"]!.GetValue<string>();
        var otherApiKeyId = await CreateProviderKeyAsync(other);

        values["token"] = token;
        values["limitedToken"] = limited;
        values["revokedToken"] = revoked;
        values["tokenId"] = spareId;
        values["otherTokenId"] = otherTokenId;
        values["admin"] = ApiFactory.AdminKey;
        values["org"] = OrganizationId;
        values["workspace"] = Workspace;
        values["bucketId"] = bucketId;
        values["bucketIdN"] = Guid.Parse(bucketId).ToString("N");
        values["otherBucketId"] = otherBucketId;
        values["apiKeyId"] = apiKeyId;
        values["usedApiKeyId"] = usedApiKeyId;
        values["otherApiKeyId"] = otherApiKeyId;
        values["s3endpoint"] = S3.Endpoint.ToString();
        values["s3bucket"] = S3rver.BucketName;
        values["s3key"] = S3rver.AccessKey;
        values["garbageS3"] = Garbage.Endpoint.ToString();
    }

    public override async Task DisposeAsync()
    {
        await Kestrel.DisposeAsync();
        await Garbage.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Every row of the app's tables but idempotency records, with its ETag (<see cref="ApiTestBase.StoredRowsAsync"/>).</summary>
    public Task<List<string>> RowsAsync() => StoredRowsAsync();

    /// <summary>A provider key for s3rver in <see cref="ApiTestBase.Workspace"/>, stored through <c>POST /apikeys</c>.</summary>
    private async Task<string> CreateProviderKeyAsync(HttpClient client)
    {
        var body = new JsonObject
        {
            ["key"] = S3rver.AccessKey, ["secret"] = NewSecret(), ["endpoint"] = S3.Endpoint.ToString(), ["region"] = "us-east-1",
            ["provider"] = "S3", ["workspaceId"] = Workspace,
        };
        var response = await PostJsonAsync(client, "/apikeys", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["apiKeyId"]!.GetValue<string>();
    }

    private async Task<(string TokenId, string Token)> IssueAsync(string organizationId, string[] workspaces, string[] capabilities)
    {
        using var admin = Factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync($"/manage/organizations/{organizationId}/tokens", new { description = "corpus", workspaces, capabilities });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["tokenId"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }
}
