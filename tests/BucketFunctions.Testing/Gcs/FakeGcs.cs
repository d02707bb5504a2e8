using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Testing.Gcs;

/// <summary>
/// An in-process fake of Google's OAuth token endpoint (JWT-bearer grant) and the JSON API's buckets.get and
/// testIamPermissions, on Kestrel over loopback, for the real Google.Cloud.Storage.V1 client. The token endpoint verifies
/// the assertion as Google does: RS256 over header.payload with the public half of the service account's key, the issuer,
/// audience, scope and lifetime. Only tokens it issued open the JSON API; buckets.get needs storage.buckets.get. For
/// provisioning it also takes buckets.insert (keeping the bucket resource as sent, answered back by buckets.get),
/// buckets.patch (patch semantics: objects merged, lists and values replaced), buckets.delete and the bucket IAM policy,
/// refusing an allUsers binding while public access prevention is enforced as GCS does; <see cref="Fail"/> makes one of
/// those answer an error.
/// </summary>
public sealed class FakeGcs : IAsyncDisposable
{
    /// <summary>The audience Google's token endpoint requires in the assertion, wherever the endpoint is reached.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, bool> issued = new();
    private readonly ConcurrentDictionary<string, (int Status, string Reason)> failures = new(StringComparer.Ordinal);

    private FakeGcs(WebApplication app, ServiceAccount account, IReadOnlyDictionary<string, string[]> existing)
    {
        this.app = app;
        Account = account;
        var buckets = new ConcurrentDictionary<string, string[]>(existing);
        Buckets = buckets;
        app.MapPost("/token", (Delegate)TokenAsync);
        app.MapGet("/storage/v1/b/{bucket}", (HttpContext context, string bucket) => GetBucket(context, bucket, buckets));
        app.MapGet("/storage/v1/b/{bucket}/iam/testPermissions",
            (HttpContext context, string bucket) => TestPermissions(context, bucket, buckets));
        app.MapPost("/storage/v1/b", (Delegate)InsertAsync);
        app.MapDelete("/storage/v1/b/{bucket}", (HttpContext context, string bucket) => Delete(context, bucket, buckets));
        app.MapPatch("/storage/v1/b/{bucket}", (Delegate)PatchAsync);
        app.MapGet("/storage/v1/b/{bucket}/iam", (HttpContext context, string bucket) => GetPolicy(context, bucket, buckets));
        app.MapPut("/storage/v1/b/{bucket}/iam", (Delegate)SetPolicyAsync);
    }

    /// <summary>Every bucket and the permissions held on it (a bucket made through buckets.insert holds them all).</summary>
    public ConcurrentDictionary<string, string[]> Buckets { get; }

    /// <summary>Each bucket made through buckets.insert, as the client sent it.</summary>
    public ConcurrentDictionary<string, JsonObject> Inserted { get; } = new(StringComparer.Ordinal);

    /// <summary>The IAM policy of each bucket that was given one.</summary>
    public ConcurrentDictionary<string, JsonObject> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>The project of each buckets.insert, in order.</summary>
    public ConcurrentQueue<string> Projects { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Makes "insert", "patch", "delete", "getIamPolicy" or "setIamPolicy" answer this error from now on.</summary>
    public void Fail(string operation, int status, string reason) => failures[operation] = (status, reason);

    private IResult? Failing(string operation)
    {
        Calls.Enqueue(operation);
        return failures.TryGetValue(operation, out var f) ? Error(f.Status, f.Reason, "Fake failure.") : null;
    }

    private async Task<IResult> InsertAsync(HttpContext context)
    {
        var buckets = Buckets;
        if ((Unauthorized(context) ?? Failing("insert")) is { } refused)
        {
            return refused;
        }

        var body = await ReadJsonAsync(context);
        var name = (string)body["name"]!;
        if (!buckets.TryAdd(name, ["storage.buckets.get", "storage.objects.list", "storage.objects.create", "storage.objects.delete"]))
        {
            return Error(409, "conflict", "Your previous request to create the named bucket succeeded and you already own it.");
        }

        Projects.Enqueue(context.Request.Query["project"].ToString());
        body["kind"] = "storage#bucket";
        body["id"] = name;
        Inserted[name] = body;
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private async Task<IResult> PatchAsync(HttpContext context, string bucket)
    {
        if ((Unauthorized(context) ?? Failing("patch")) is { } refused)
        {
            return refused;
        }

        if (!Inserted.TryGetValue(bucket, out var stored))
        {
            return Error(404, "notFound", "The specified bucket does not exist.");
        }

        Merge(stored, await ReadJsonAsync(context));
        return Results.Text(stored.ToJsonString(), "application/json");

        static void Merge(JsonObject into, JsonObject patch)
        {
            foreach (var (key, value) in patch.ToList())
            {
                if (value is JsonObject inner && into[key] is JsonObject existing)
                {
                    Merge(existing, inner);
                }
                else
                {
                    into[key] = value?.DeepClone();
                }
            }
        }
    }

    private IResult Delete(HttpContext context, string bucket, ConcurrentDictionary<string, string[]> buckets)
    {
        if ((Unauthorized(context) ?? Failing("delete")) is { } refused)
        {
            return refused;
        }

        if (!buckets.TryRemove(bucket, out _))
        {
            return Error(404, "notFound", "The specified bucket does not exist.");
        }

        Inserted.TryRemove(bucket, out _);
        return Results.NoContent();
    }

    private IResult GetPolicy(HttpContext context, string bucket, ConcurrentDictionary<string, string[]> buckets)
    {
        if ((Unauthorized(context) ?? Failing("getIamPolicy")) is { } refused)
        {
            return refused;
        }

        return !buckets.ContainsKey(bucket) ? Error(404, "notFound", "The specified bucket does not exist.")
            : Results.Text((Policies.TryGetValue(bucket, out var policy) ? policy
                : new JsonObject { ["kind"] = "storage#policy", ["resourceId"] = "projects/_/buckets/" + bucket, ["etag"] = "CAE=",
                    ["bindings"] = new JsonArray() }).ToJsonString(), "application/json");
    }

    private async Task<IResult> SetPolicyAsync(HttpContext context, string bucket)
    {
        var buckets = Buckets;
        if ((Unauthorized(context) ?? Failing("setIamPolicy")) is { } refused)
        {
            return refused;
        }

        if (!buckets.ContainsKey(bucket))
        {
            return Error(404, "notFound", "The specified bucket does not exist.");
        }

        var policy = await ReadJsonAsync(context);
        var allUsers = policy["bindings"]?.AsArray().Any(b => b?["members"]?.AsArray().Any(m => (string?)m == "allUsers") == true) == true;
        if (allUsers && Inserted.TryGetValue(bucket, out var stored)
            && (string?)stored["iamConfiguration"]?["publicAccessPrevention"] == "enforced")
        {
            return Error(412, "conditionNotMet", "The member bindings allUsers and allAuthenticatedUsers are not allowed since public "
                + "access prevention is enforced.");
        }

        policy["kind"] = "storage#policy";
        Policies[bucket] = policy;
        return Results.Text(policy.ToJsonString(), "application/json");
    }

    /// <summary>A JSON request body; Google's client sends it gzip-compressed (Content-Encoding: gzip).</summary>
    private static async Task<JsonObject> ReadJsonAsync(HttpContext context)
    {
        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress);
        }

        await using (body)
        {
            return (await JsonNode.ParseAsync(body))!.AsObject();
        }
    }

    private IResult? Unauthorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && issued.ContainsKey(authorization["Bearer ".Length..])
            ? null
            : Error(401, "required", "Invalid Credentials");
    }

    public ServiceAccount Account { get; }

    public Uri Endpoint { get; private set; } = null!;

    public Uri TokenUri => new(Endpoint, "/token");

    public ConcurrentQueue<string> Rejections { get; } = new();

    public int TokenRequests => tokenRequests;

    /// <summary>The permissions each testIamPermissions call asked for, comma-separated in the order asked.</summary>
    public ConcurrentQueue<string> PermissionQueries { get; } = new();

    /// <summary>The buckets each buckets.get call asked for.</summary>
    public ConcurrentQueue<string> BucketGets { get; } = new();

    /// <summary>The Accept-Encoding of every JSON API call: nothing may ask for a compression the guarded handler does not undo.</summary>
    public ConcurrentQueue<string> AcceptEncodings { get; } = new();

    private int tokenRequests;

    /// <summary>
    /// Starts the fake for <paramref name="account"/>; <paramref name="buckets"/> maps each existing bucket to the permissions held on it.
    /// </summary>
    public static async Task<FakeGcs> StartAsync(ServiceAccount account, IReadOnlyDictionary<string, string[]> buckets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var fake = new FakeGcs(builder.Build(), account, buckets);
        await fake.app.StartAsync();
        var address = fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Endpoint = new Uri(address);
        return fake;
    }

    /// <summary>The key file a client would paste, holding <paramref name="signingKey"/> (the account's own key by default).</summary>
    public string KeyFile(RSA? signingKey = null) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "demo-project",
        ["private_key_id"] = Account.KeyId,
        ["private_key"] = (signingKey ?? Account.Key).ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = Account.Email,
        ["client_id"] = "100000000000000000001",
        ["token_uri"] = TokenUri.AbsoluteUri,
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return Refuse("unsupported_grant_type");
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3)
        {
            return Refuse("not a JWT");
        }

        var header = JsonNode.Parse(Base64Url(parts[0]))!;
        var payload = JsonNode.Parse(Base64Url(parts[1]))!;
        var signed = Account.Key.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var problem = (string?)header["alg"] != "RS256" ? "alg"
            : !signed ? "signature"
            : (string?)header["kid"] != Account.KeyId ? "kid"
            : (string?)payload["iss"] != Account.Email ? "iss"
            : (string?)payload["aud"] != GoogleTokenAudience ? "aud"
            : !((string?)payload["scope"] ?? string.Empty).Contains("devstorage", StringComparison.Ordinal) ? "scope"
            : (long?)payload["exp"] is not { } exp || exp <= now || exp - now > 3700 ? "exp"
            : null;
        if (problem is not null)
        {
            return Refuse(problem);
        }

        var token = "ya29.fake-" + Guid.NewGuid().ToString("N");
        issued[token] = true;
        return Results.Json(new { access_token = token, expires_in = 3600, token_type = "Bearer" });

        IResult Refuse(string why)
        {
            Rejections.Enqueue(why);
            return Results.Json(new { error = "invalid_grant", error_description = "Invalid JWT Signature." }, statusCode: 400);
        }
    }

    private IResult GetBucket(HttpContext context, string bucket, IReadOnlyDictionary<string, string[]> buckets)
    {
        BucketGets.Enqueue(bucket);
        if (Refused(context, bucket, buckets, out var held) is { } refused)
        {
            return refused;
        }

        if (Inserted.TryGetValue(bucket, out var inserted))
        {
            return Results.Text(inserted.ToJsonString(), "application/json");
        }

        return held.Contains("storage.buckets.get")
            ? Results.Json(new { kind = "storage#bucket", id = bucket, name = bucket, location = "US", storageClass = "STANDARD" })
            : Error(403, "forbidden", $"{Account.Email} does not have storage.buckets.get access to the Google Cloud Storage bucket.");
    }

    private IResult TestPermissions(HttpContext context, string bucket, IReadOnlyDictionary<string, string[]> buckets)
    {
        PermissionQueries.Enqueue(context.Request.Query["permissions"].ToString());
        if (Refused(context, bucket, buckets, out var held) is { } refused)
        {
            return refused;
        }

        var granted = context.Request.Query["permissions"].Where(p => held.Contains(p)).ToArray();
        return granted.Length == 0
            ? Results.Json(new { kind = "storage#testIamPermissionsResponse" })
            : Results.Json(new { kind = "storage#testIamPermissionsResponse", permissions = granted });
    }

    /// <summary>The JSON API's answer to a call without a token it issued (401) or for a bucket that does not exist (404).</summary>
    private IResult? Refused(HttpContext context, string bucket, IReadOnlyDictionary<string, string[]> buckets, out string[] held)
    {
        AcceptEncodings.Enqueue(context.Request.Headers.AcceptEncoding.ToString());
        held = [];
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !issued.ContainsKey(authorization["Bearer ".Length..]))
        {
            return Error(401, "required", "Invalid Credentials");
        }

        return buckets.TryGetValue(bucket, out held!) ? null : Error(404, "notFound", "The specified bucket does not exist.");
    }

    private static IResult Error(int status, string reason, string message) =>
        Results.Json(new { error = new { code = status, message, errors = new[] { new { message, reason } } } }, statusCode: status);

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    /// <summary>A service account: its e-mail, and the RSA key the test generated for it (the fake holds the public half).</summary>
    public sealed record ServiceAccount(string Email, RSA Key, string KeyId)
    {
        public static ServiceAccount Create() =>
            new($"probe-{Guid.NewGuid().ToString("N")[..8]}@demo-project.iam.gserviceaccount.com", RSA.Create(2048),
                Guid.NewGuid().ToString("N"));
    }
}
