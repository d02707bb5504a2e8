using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BucketFunctions.Api.Tests.Flashback;

/// <summary>
/// What Flashback's client throws for an answer that is not 2xx (client.ts, <c>HttpError</c>): <see cref="ErrorData"/> (its <c>data</c>) is
/// the parsed body only when the answer's content type contains <c>application/json</c>, null otherwise.
/// </summary>
public sealed class FlashbackHttpError(int status, string statusText, JsonNode? data) : Exception($"HTTP Error {status}: {statusText}")
{
    public int Status { get; } = status;

    public JsonNode? ErrorData { get; } = data;

    /// <summary>The media type the error came as, to tell which rule filled (or did not fill) <see cref="ErrorData"/>.</summary>
    public string? ContentType { get; init; }
}

/// <summary>
/// Flashback's <c>ApiClient</c> (src/api/client.ts) for the bucket, provider-key and quota calls, written line for line after its
/// <c>makeRequest</c>: the path appended to the base URL as built there (query strings concatenated, so an absent
/// argument becomes the text <c>undefined</c>), <c>Authorization: Bearer</c>, a body only for a method other than
/// GET/HEAD with data, sent as <c>JSON.stringify(data)</c> with <c>Content-Type: application/json</c>, fetch's default
/// <c>Accept: */*</c>, and an error body read only when its content type contains <c>application/json</c>.
/// </summary>
public sealed class FlashbackApiClient(HttpClient http)
{
    /// <summary>The path and query of the last request, as the client built it.</summary>
    public string? LastRequest { get; private set; }

    public void SetAuthToken(string token) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public Task<JsonNode?> CreateStorageBucketAsync(CreateBucketRequest data) => MakeRequestAsync("bucket", "POST", data);

    /// <summary><c>'bucket?workspaceId=' + workspaceId + '&amp;walletAddress=' + walletAddress</c>, as JavaScript adds them.</summary>
    public Task<JsonNode?> GetStorageBucketsAsync(string? workspaceId = null, string? walletAddress = null) =>
        MakeRequestAsync("bucket?workspaceId=" + Js(workspaceId) + "&walletAddress=" + Js(walletAddress), "GET", null);

    /// <summary>The client's signature takes a body; null stands for a caller passing none.</summary>
    public Task<JsonNode?> ValidateStorageBucketAsync(string bucketId, ValidateBucketRequest? data) =>
        MakeRequestAsync($"bucket/{bucketId}/validate", "POST", data);

    public Task<JsonNode?> UpdateStorageBucketAsync(string bucketId, CreateBucketRequest data) =>
        MakeRequestAsync($"bucket/{bucketId}", "PUT", data);

    public Task<JsonNode?> DeleteStorageBucketAsync(string bucketId) => MakeRequestAsync($"bucket/{bucketId}", "DELETE", null);

    public Task<JsonNode?> GetUserQuotaAsync() => MakeRequestAsync("user/quota", "GET", null);

    /// <summary>
    /// <c>getApiKeys(params?: string | GetProviderApiKeysParams)</c>: a string is the workspace; of the object, a truthy
    /// <c>workspaceId</c> and <c>provider</c> and a defined <c>capability</c> (as <c>String(capability)</c>), appended
    /// to a <c>URLSearchParams</c> in that order, the path <c>'apikeys?' + queryParams.toString()</c>.
    /// </summary>
    public Task<JsonNode?> GetApiKeysAsync(GetProviderApiKeysParams? parameters = null, string? workspaceId = null)
    {
        var query = new List<(string Name, string Value)>();
        if (workspaceId is not null)
        {
            query.Add(("workspaceId", workspaceId));
        }
        else if (parameters is not null)
        {
            if (!string.IsNullOrEmpty(parameters.WorkspaceId))
            {
                query.Add(("workspaceId", parameters.WorkspaceId));
            }

            if (parameters.Capability is { } capability)
            {
                query.Add(("capability", capability.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (!string.IsNullOrEmpty(parameters.Provider))
            {
                query.Add(("provider", parameters.Provider));
            }
        }

        var search = string.Join('&', query.Select(p => FormEncode(p.Name) + "=" + FormEncode(p.Value)));
        return MakeRequestAsync("apikeys?" + search, "GET", null);
    }

    public Task<JsonNode?> CreateApiKeyAsync(CreateProviderApiKeyRequest data) => MakeRequestAsync("apikeys", "POST", data);

    public Task<JsonNode?> UpdateApiKeyAsync(string apiKeyId, UpdateProviderApiKeyRequest data) =>
        MakeRequestAsync($"apikeys/{apiKeyId}", "PUT", data);

    public Task<JsonNode?> DeleteApiKeyAsync(string apiKeyId) => MakeRequestAsync($"apikeys/{apiKeyId}", "DELETE", null);

    /// <summary>URLSearchParams' application/x-www-form-urlencoded serializer: a space is '+', '*-._' and alphanumerics stay.</summary>
    private static string FormEncode(string value) =>
        string.Concat(System.Text.Encoding.UTF8.GetBytes(value).Select(b => b switch
        {
            (byte)' ' => "+",
            _ when char.IsAsciiLetterOrDigit((char)b) || b is (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_' => ((char)b).ToString(),
            _ => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
        }));

    /// <summary>A string concatenated in JavaScript: undefined reads as "undefined".</summary>
    private static string Js(string? value) => value ?? "undefined";

    private async Task<JsonNode?> MakeRequestAsync(string path, string method, object? data)
    {
        var requestPath = path.StartsWith('/') ? path[1..] : path;
        LastRequest = requestPath;
        using var request = new HttpRequestMessage(new HttpMethod(method), requestPath);
        request.Headers.Accept.ParseAdd("*/*");  // what fetch sends when the caller names no Accept
        if (data is not null && method is not ("GET" or "HEAD"))
        {
            var json = JsonSerializer.Serialize(data, data.GetType(), FlashbackShapes.Stringify);
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            var contentType = response.Content.Headers.ContentType?.ToString();
            JsonNode? errorData = null;
            if (contentType is not null && contentType.Contains("application/json", StringComparison.Ordinal))
            {
                errorData = text.Length > 0 ? JsonNode.Parse(text) : null;
            }

            throw new FlashbackHttpError((int)response.StatusCode, response.ReasonPhrase ?? string.Empty, errorData)
            {
                ContentType = contentType,
            };
        }

        return text.Length > 0 ? JsonNode.Parse(text) : null;
    }
}
