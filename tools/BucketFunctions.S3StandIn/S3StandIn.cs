using System.Collections.Concurrent;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.StandIns;

/// <summary>
/// An S3 stand-in at the HTTP boundary for the bucket settings s3rver lacks (versioning, object lock, lifecycle, default
/// encryption, public access block, bucket policy, tags): a real loopback HTTP server that the real AWS client talks to.
/// It creates and deletes buckets, keeps each settings document as the client sent it and answers it back on GET (S3
/// answers the same document shape it is sent), lists objects, and answers S3 error documents. Like s3rver it checks the
/// access key id, not the signature. <see cref="Fail"/> makes one operation answer an error; <see cref="Calls"/> records
/// each operation, so a test can count what reached the provider. It keeps everything in memory and enforces no object
/// lock on objects: it stands in for a provider's settings API, for tests and for trying the API locally, nothing more.
/// </summary>
public sealed class S3StandIn : IAsyncDisposable
{
    public const string AccessKey = "STANDINKEY";

    /// <summary>The settings subresources this stand-in keeps (the query parameter S3 names each with).</summary>
    public static readonly IReadOnlyList<string> Subresources =
        ["versioning", "object-lock", "cors", "lifecycle", "encryption", "publicAccessBlock", "policy", "tagging", "location"];

    private static readonly Dictionary<string, string> Missing = new()
    {
        ["object-lock"] = "ObjectLockConfigurationNotFoundError",
        ["cors"] = "NoSuchCORSConfiguration",
        ["lifecycle"] = "NoSuchLifecycleConfiguration",
        ["encryption"] = "ServerSideEncryptionConfigurationNotFoundError",
        ["publicAccessBlock"] = "NoSuchPublicAccessBlockConfiguration",
        ["policy"] = "NoSuchBucketPolicy",
        ["tagging"] = "NoSuchTagSet",
    };

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, StandInBucket> buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Status, string Code)> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> stalls = new(StringComparer.Ordinal);

    private S3StandIn(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Each operation that reached the stand-in, as "PUT versioning", "PUT bucket", "DELETE bucket"…, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public IReadOnlyCollection<string> BucketNames => buckets.Keys.ToList();

    /// <summary>Starts on a free loopback port (tests), or on <paramref name="port"/> (scripts/run-local.sh).</summary>
    public static async Task<S3StandIn> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var standIn = new S3StandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return standIn;
    }

    /// <summary>
    /// Makes <paramref name="operation"/> ("PUT bucket", "PUT versioning", "DELETE bucket", …) answer this error from now on.
    /// </summary>
    public void Fail(string operation, int status, string code) => failures[operation] = (status, code);

    public void Heal(string operation) => failures.TryRemove(operation, out _);

    /// <summary>Makes <paramref name="operation"/> never answer (until the client gives up): a provider that stops mid-way.</summary>
    public void Stall(string operation) => stalls[operation] = true;

    public bool Exists(string bucket) => buckets.ContainsKey(bucket);

    /// <summary>Puts an object straight into a bucket (as if uploaded), so a bucket is not empty.</summary>
    public void AddObject(string bucket, string key) => buckets[bucket].Objects[key] = [];

    /// <summary>Creates a bucket directly, as if someone had made it at the provider before.</summary>
    public void AddBucket(string bucket) => buckets.TryAdd(bucket, new StandInBucket(false));

    public int CallCount(string operation) => Calls.Count(c => c == operation);

    /// <summary>Runs until the process is told to stop (Ctrl-C or SIGTERM, through the host's console lifetime).</summary>
    public Task WaitForShutdownAsync() => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = (request.Path.Value ?? "/").TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucketName = slash < 0 ? path : path[..slash];
        var key = slash < 0 || slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]);
        var subresource = Subresources.FirstOrDefault(s => request.Query.ContainsKey(s));
        var target = key is not null ? "object" : request.Query.ContainsKey("list-type") ? "list" : "bucket";
        var operation = $"{request.Method} {subresource ?? target}";
        Calls.Enqueue(operation);

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.Contains($"Credential={AccessKey}/", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
            return;
        }

        if (stalls.ContainsKey(operation))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (failures.TryGetValue(operation, out var failure))
        {
            await ErrorAsync(context, failure.Status, failure.Code, "Stand-in failure.");
            return;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        buckets.TryGetValue(bucketName, out var bucket);
        if (key is null && subresource is null)
        {
            await BucketAsync(context, bucketName, bucket, body);
            return;
        }

        if (bucket is null)
        {
            await ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist.");
            return;
        }

        if (key is not null)
        {
            if (request.Method == "PUT")
            {
                bucket.Objects[key] = Encoding.UTF8.GetBytes(body);
            }

            context.Response.Headers.ETag = "\"d41d8cd98f00b204e9800998ecf8427e\"";
            return;
        }

        await SubresourceAsync(context, bucket, subresource!, body);
    }

    private async Task BucketAsync(HttpContext context, string name, StandInBucket? bucket, string body)
    {
        switch (context.Request.Method)
        {
            case "PUT" when bucket is not null:
                await ErrorAsync(context, 409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded.");
                return;
            case "PUT":
                var locked = string.Equals(
                    context.Request.Headers["x-amz-bucket-object-lock-enabled"], "true", StringComparison.OrdinalIgnoreCase);
                var created = new StandInBucket(locked);
                if (body.Length > 0)
                {
                    created.Settings["location"] = body;
                }

                buckets[name] = created;
                context.Response.Headers.Location = "/" + name;
                return;
            case "DELETE" when bucket is null:
                await ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist.");
                return;
            case "DELETE" when !bucket.Objects.IsEmpty:
                await ErrorAsync(context, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty.");
                return;
            case "DELETE":
                buckets.TryRemove(name, out _);
                context.Response.StatusCode = 204;
                return;
            case "HEAD":
                context.Response.StatusCode = bucket is null ? 404 : 200;
                context.Response.Headers["x-amz-bucket-region"] = "us-east-1";
                return;
            case "GET" when bucket is null:
                await ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist.");
                return;
            default:
                var contents = string.Concat(bucket!.Objects.Keys.Order(StringComparer.Ordinal)
                    .Select(k => $"<Contents><Key>{SecurityElement.Escape(k)}</Key><Size>0</Size></Contents>"));
                await XmlAsync(context, 200,
                    $"<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>{name}</Name><Prefix></Prefix>"
                    + $"<KeyCount>{bucket.Objects.Count}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>{contents}"
                    + "</ListBucketResult>");
                return;
        }
    }

    private static async Task SubresourceAsync(HttpContext context, StandInBucket bucket, string subresource, string body)
    {
        switch (context.Request.Method)
        {
            case "PUT" when subresource == "object-lock" && !bucket.ObjectLock:
                await ErrorAsync(context, 409, "InvalidBucketState", "Object Lock configuration cannot be enabled on existing buckets.");
                return;
            case "PUT":
                bucket.Settings[subresource] = body;
                return;
            case "DELETE":
                bucket.Settings.TryRemove(subresource, out _);
                context.Response.StatusCode = 204;
                return;
        }

        if (bucket.Settings.TryGetValue(subresource, out var stored))
        {
            if (subresource == "policy")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(stored);
                return;
            }

            await XmlAsync(context, 200, stored);
            return;
        }

        switch (subresource)
        {
            case "versioning":
                await XmlAsync(context, 200, "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
                return;
            case "location":
                await XmlAsync(context, 200, "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
                return;
            case "object-lock" when bucket.ObjectLock:
                await XmlAsync(context, 200,
                    "<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
                return;
            default:
                await ErrorAsync(context, 404, Missing[subresource], "The configuration does not exist.");
                return;
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        XmlAsync(context, status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>"
            + "<RequestId>STANDIN</RequestId><HostId>stand-in</HostId></Error>");

    private static async Task XmlAsync(HttpContext context, int status, string xml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        if (context.Request.Method != "HEAD")
        {
            await context.Response.WriteAsync(xml);
        }
    }

    private sealed class StandInBucket(bool objectLock)
    {
        public bool ObjectLock { get; } = objectLock;

        public ConcurrentDictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);
    }
}
