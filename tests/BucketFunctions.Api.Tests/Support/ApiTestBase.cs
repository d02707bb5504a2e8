using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Infrastructure.TableStorage;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>
/// One app per test class, plus the moves every HTTP test makes: an organization with a workspace and a token, a
/// valid create body pointing at s3rver, and the row counts that prove what was (not) stored.
/// </summary>
public abstract class ApiTestBase : IAsyncLifetime
{
    public const string Workspace = "ws-main";

    private readonly Dictionary<string, string?>? overrides;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? replaceServices;

    protected ApiTestBase(Dictionary<string, string?>? overrides = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? replaceServices = null) =>
        (this.overrides, this.replaceServices) = (overrides, replaceServices);

    protected ApiFactory Factory { get; private set; } = null!;

    protected Azurite Azurite { get; private set; } = null!;

    protected S3rver S3 { get; private set; } = null!;

    /// <summary>An organization created for this test class, with workspace <see cref="Workspace"/>.</summary>
    protected string OrganizationId { get; } = "org-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A client holding a token with every capability on every workspace of <see cref="OrganizationId"/>.</summary>
    protected HttpClient Tenant { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Azurite = await Azurite.SharedAsync();
        S3 = await S3rver.SharedAsync();
        Factory = await CreateFactoryAsync(overrides, replaceServices);
        await CreateOrganizationAsync(OrganizationId, bucketLimit: null);
        Tenant = await TenantClientAsync(OrganizationId, ["*"], ["listBuckets", "readBuckets", "writeBuckets", "deleteBuckets"]);
    }

    /// <summary>The app under test; a class that needs a different one (another vault mode) builds its own.</summary>
    protected virtual Task<ApiFactory> CreateFactoryAsync(
        Dictionary<string, string?>? settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services) =>
        Task.FromResult(new ApiFactory(Azurite, settings, services));

    /// <summary>Every response this test provoked must match the OpenAPI document's schema for its route and status.</summary>
    public virtual async Task DisposeAsync()
    {
        var violations = Factory.Responses.Responses.SelectMany(ContractSchema.Current.Check).ToList();
        await Factory.DisposeAsync();
        Assert.True(violations.Count == 0, "Responses that break the OpenAPI document:\n" + string.Join("\n", violations.Take(20)));
    }

    /// <summary>A unique secret per call, so a scan for it cannot match anything else.</summary>
    protected static string NewSecret() => "sEcReT/" + Guid.NewGuid().ToString("N") + "+KEY";

    protected JsonObject ValidBody(string? name = null, string? secret = null) => new()
    {
        ["name"] = name ?? "Backups " + Guid.NewGuid().ToString("N")[..6],
        ["bucket"] = S3rver.BucketName,
        ["storageType"] = "S3",
        ["key"] = S3rver.AccessKey,
        ["secret"] = secret ?? NewSecret(),
        ["region"] = "us-east-1",
        ["endpoint"] = S3.Endpoint.ToString(),
        ["workspaceId"] = Workspace,
    };

    protected async Task CreateOrganizationAsync(string organizationId, int? bucketLimit)
    {
        using var admin = Factory.CreateAdminClient();
        var body = new JsonObject { ["organizationId"] = organizationId, ["name"] = "Org " + organizationId };
        if (bucketLimit is not null)
        {
            body["bucketLimit"] = bucketLimit;
        }

        (await admin.PostAsJsonAsync("/manage/organizations", body)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/manage/organizations/{organizationId}/workspaces", new { workspaceId = Workspace, name = "Main" })).EnsureSuccessStatusCode();
    }

    protected async Task<string> IssueTokenAsync(string organizationId, string[] workspaces, string[] capabilities)
    {
        using var admin = Factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync($"/manage/organizations/{organizationId}/tokens", new { description = "test", workspaces, capabilities });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    protected async Task<HttpClient> TenantClientAsync(string organizationId, string[] workspaces, string[] capabilities) =>
        ClientWithToken(await IssueTokenAsync(organizationId, workspaces, capabilities));

    protected HttpClient ClientWithToken(string? token)
    {
        var client = Factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    protected static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, JsonNode body) =>
        PostRawAsync(client, path, body.ToJsonString(), "application/json");

    protected static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return client.PostAsync(path, content);
    }

    protected static Task<HttpResponseMessage> SendJsonAsync(HttpClient client, HttpMethod method, string path, JsonNode? body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

    /// <summary>Registers a bucket through <c>POST /bucket</c> and returns its resource.</summary>
    protected async Task<JsonObject> CreateBucketAsync(HttpClient? client = null, JsonObject? body = null) =>
        (await AssertOkAsync(await PostJsonAsync(client ?? Tenant, "/bucket", body ?? ValidBody())))["bucket"]!.AsObject();

    /// <summary>
    /// The credential a bucket of this class's organization (or another's) uses: the vault version its stored row names.
    /// Null when the bucket or that version is gone.
    /// </summary>
    protected async Task<Core.Credentials.StorageCredential?> StoredCredentialAsync(string bucketId, string? organizationId = null)
    {
        var bucket = await Factory.Services.GetRequiredService<Core.Buckets.IBucketStore>()
            .GetAsync(organizationId ?? OrganizationId, Guid.Parse(bucketId), CancellationToken.None);
        return bucket is null
            ? null
            : await Factory.Services.GetRequiredService<Core.Credentials.ICredentialVault>().GetAsync(bucket.CredentialScope(), CancellationToken.None);
    }

    /// <summary>
    /// Asserts a problem response with the contract's fields, and returns its body. Its media type is
    /// application/problem+json when the request's Accept named that type, and application/json otherwise.
    /// </summary>
    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        var askedForProblem = response.RequestMessage?.Headers.Accept
            .Any(a => a.MediaType == "application/problem+json" && a.Quality is null or > 0) == true;
        Assert.Equal(askedForProblem ? "application/problem+json" : "application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, body["code"]?.GetValue<string>());
        Assert.False(body["success"]!.GetValue<bool>());
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(body["correlationId"]?.GetValue<string>()));
        return body;
    }

    protected static async Task<JsonObject> AssertOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.True(body["success"]!.GetValue<bool>());
        return body;
    }

    /// <summary>What the organization has stored: bucket rows, name claims, vault entries, and the counter.</summary>
    protected async Task<StoredState> StoredAsync(string? organizationId = null)
    {
        var partition = TableKey.Encode(organizationId ?? OrganizationId);
        var tenants = Factory.Table(Factory.TenantsTable);
        var buckets = 0;
        var names = 0;
        await foreach (var row in tenants.QueryAsync<TableEntity>(TableOData.Equal("PartitionKey", partition)))
        {
            buckets += row.RowKey.StartsWith("bucket|", StringComparison.Ordinal) ? 1 : 0;
            names += row.RowKey.StartsWith("name|", StringComparison.Ordinal) ? 1 : 0;
        }

        var vault = 0;
        await foreach (var _ in Factory.Table(Factory.CredentialsTable).QueryAsync<TableEntity>(TableOData.Equal("PartitionKey", partition)))
        {
            vault++;
        }

        var counter = (await tenants.FindAsync(partition, "quota"))?.GetInt32("Used") ?? 0;
        return new StoredState(buckets, names, vault, counter);
    }

    /// <summary>The columns of a bucket's row of this class's organization, as the store wrote them; null when there is none.</summary>
    protected async Task<Dictionary<string, object?>?> StoredBucketRowAsync(string bucketId)
    {
        var rowKey = "bucket|" + Guid.Parse(bucketId).ToString("N");
        var partition = TableOData.Equal("PartitionKey", TableKey.Encode(OrganizationId));
        await foreach (var row in Factory.Table(Factory.TenantsTable).QueryAsync<TableEntity>(partition))
        {
            if (row.RowKey == rowKey)
            {
                return row.ToDictionary(p => p.Key, p => (object?)p.Value);
            }
        }

        return null;
    }

    /// <summary>
    /// Every row of the app's tables but idempotency records (a refused request's answer is kept for its replay), with
    /// its ETag: what "nothing was stored" compares before and after.
    /// </summary>
    protected async Task<List<string>> StoredRowsAsync()
    {
        var rows = new List<string>();
        foreach (var table in Factory.Tables)
        {
            await foreach (var row in Factory.Table(table).QueryAsync<TableEntity>())
            {
                if (!row.RowKey.StartsWith("idempotency|", StringComparison.Ordinal))
                {
                    rows.Add($"{table} {row.PartitionKey} {row.RowKey} {row.ETag}");
                }
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>Every property of every row in this app's tables, as text (binary values decoded as UTF-8 too).</summary>
    protected async Task<List<string>> AllStoredTextAsync()
    {
        var texts = new List<string>();
        foreach (var name in Factory.Tables)
        {
            await foreach (var row in Factory.Table(name).QueryAsync<TableEntity>())
            {
                texts.Add(row.PartitionKey);
                texts.Add(row.RowKey);
                foreach (var (_, value) in row)
                {
                    texts.Add(value switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes) + " " + Convert.ToBase64String(bytes),
                        null => string.Empty,
                        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    });
                }
            }
        }

        return texts;
    }

    protected static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>A loopback port nothing listens on: an endpoint that refuses connections.</summary>
    protected static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Counts of what an organization has stored.</summary>
public sealed record StoredState(int BucketRows, int NameRows, int VaultEntries, int Counter)
{
    public static readonly StoredState Empty = new(0, 0, 0, 0);
}
