using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BucketFunctions.Bench;

/// <summary>A tenant the benchmark set up through the operator routes: organization, one workspace, one token.</summary>
internal sealed record Tenant(string OrganizationId, string WorkspaceId, string TokenId, string Token);

/// <summary>The API as a client sees it, over one pooled loopback <see cref="HttpClient"/>.</summary>
internal sealed class ApiClient(Uri baseAddress, string adminKey, string operatorPrefix) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<Tenant> CreateTenantAsync(string organizationId, int bucketLimit)
    {
        const string workspaceId = "bench-workspace";
        await OperatorAsync(OperatorRoutes.Organizations(operatorPrefix), new { organizationId, name = organizationId, bucketLimit }).ConfigureAwait(false);
        await OperatorAsync(OperatorRoutes.Workspaces(operatorPrefix, organizationId), new { workspaceId, name = "Bench" }).ConfigureAwait(false);
        var issued = await OperatorAsync(OperatorRoutes.Tokens(operatorPrefix, organizationId), new
        {
            description = "bench",
            workspaces = new[] { "*" },
            capabilities = new[] { "listBuckets", "readBuckets", "writeBuckets", "deleteBuckets" },
        }).ConfigureAwait(false);
        return new Tenant(organizationId, workspaceId, issued["tokenId"]!.GetValue<string>(), issued["token"]!.GetValue<string>());
    }

    /// <summary><c>POST /bucket</c> registering s3rver's bucket under a fresh name; the status, and the bucket id on 200.</summary>
    public async Task<(int Status, Guid? BucketId)> CreateBucketAsync(Tenant tenant, string name, Uri s3Endpoint, string s3Bucket)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            name,
            bucket = s3Bucket,
            storageType = "S3",
            key = Emulators.S3rver.AccessKey,
            secret = Emulators.S3rver.SecretKey,
            region = "us-east-1",
            endpoint = s3Endpoint.AbsoluteUri.TrimEnd('/'),
            workspaceId = tenant.WorkspaceId,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "bucket") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (status, null);
        }

        var json = await response.Content.ReadFromJsonAsync<JsonObject>().ConfigureAwait(false);
        return (status, Guid.Parse(json!["bucketId"]!.GetValue<string>()));
    }

    /// <summary>A tenant GET; the body is read to the end, as a client would.</summary>
    public async Task<int> GetAsync(Tenant tenant, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> OperatorAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-admin-key", adminKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"POST /{path} answered 404: the operator routes are not under '/{operatorPrefix}/' on this build. Pass --operator-prefix (admin or manage).");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /{path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
