using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Testing.KeyVault;

/// <summary>
/// An in-process Key Vault speaking the secrets REST API (the subset our adapter and the SDK's delete operation use), on
/// a TestServer, so the real <c>SecretClient</c> runs its whole pipeline against it: the bearer challenge
/// (<c>401</c> with <c>WWW-Authenticate: Bearer authorization="…", resource="https://vault.azure.net"</c>), token checks,
/// PUT (a new version each time), GET latest or by version, PATCH of a version's <c>enabled</c> attribute (a disabled
/// version answers a read with 403 <c>Forbidden</c>/<c>SecretDisabled</c>), listing with paging, DELETE into a soft-deleted state,
/// GET and purge of deleted secrets, 409 <c>ObjectIsDeletedButRecoverable</c> on a PUT of a soft-deleted name, and
/// throttling (429 with <c>Retry-After</c>) of one request in <see cref="ThrottleEvery"/>.
/// The vault host is a unique <c>*.vault.azure.net</c> name: the TestServer handler needs no DNS, and the SDK's
/// challenge-resource check (the vault host must be under the challenge's resource) passes as it would in Azure.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Resource = "https://vault.azure.net";

    private readonly object gate = new();
    private readonly Dictionary<string, List<Version>> secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (List<Version> Versions, DateTimeOffset DeletedOn)> deleted = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> purged = [];
    private readonly WebApplication app;
    private int authenticatedRequests;
    private int throttled;
    private int challenges;

    private FakeKeyVault(WebApplication app, Uri vaultUri)
    {
        this.app = app;
        VaultUri = vaultUri;
        Credential = new FakeTokenCredential("kv-token-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>A secret version as stored: its value, content type, tags, creation time, and whether it is enabled.</summary>
    public sealed record Version(
        string Id, string Value, string? ContentType, IReadOnlyDictionary<string, string> Tags, DateTimeOffset CreatedOn, bool Enabled = true);

    public Uri VaultUri { get; }

    /// <summary>The credential whose token this vault accepts; any other bearer token gets the challenge again.</summary>
    public FakeTokenCredential Credential { get; }

    /// <summary>Transport for the real client: every request goes to this in-process server.</summary>
    public HttpPipelineTransport Transport => new HttpClientTransport(app.GetTestServer().CreateHandler());

    /// <summary>
    /// When above zero, every n-th authenticated request (counted from the vault's start) is answered 429 with
    /// <see cref="RetryAfter"/>.
    /// </summary>
    public int ThrottleEvery { get; set; }

    /// <summary>The Retry-After the 429s carry, in whole seconds as Key Vault sends it.</summary>
    public int RetryAfter { get; set; } = 1;

    /// <summary>When set, every PUT of a secret is refused with this status, an error message echoing the request body.</summary>
    public int? FailWritesWith { get; set; }

    /// <summary>How long the vault waits before answering an authenticated request.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>When set, purges are refused with 403 (as with purge protection or without the purge permission).</summary>
    public bool RefusePurge { get; set; }

    /// <summary>The vault's clock, for secrets' creation times.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public int ThrottledCount => Volatile.Read(ref throttled);

    /// <summary>Authenticated requests so far: with <see cref="ThrottleEvery"/> set past it, a chosen next request is throttled.</summary>
    public int AuthenticatedRequests => Volatile.Read(ref authenticatedRequests);

    public int ChallengeCount => Volatile.Read(ref challenges);

    public static async Task<FakeKeyVault> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vault = new FakeKeyVault(app, new Uri($"https://kv{Guid.NewGuid():N}"[..28] + ".vault.azure.net/"));
        app.Run(vault.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return vault;
    }

    /// <summary>Names of the live (not deleted) secrets.</summary>
    public IReadOnlyList<string> SecretNames()
    {
        lock (gate)
        {
            return [.. secrets.Keys];
        }
    }

    /// <summary>The versions of a live secret, oldest first; empty when it has none.</summary>
    public IReadOnlyList<Version> Versions(string name)
    {
        lock (gate)
        {
            return secrets.TryGetValue(name, out var versions) ? [.. versions] : [];
        }
    }

    public IReadOnlyList<string> DeletedNames()
    {
        lock (gate)
        {
            return [.. deleted.Keys];
        }
    }

    public IReadOnlyList<string> PurgedNames()
    {
        lock (gate)
        {
            return [.. purged];
        }
    }

    /// <summary>Stores a secret directly, as another tool (or an operator) would.</summary>
    public void Seed(string name, string value, IReadOnlyDictionary<string, string>? tags = null, string? contentType = null)
    {
        lock (gate)
        {
            AddVersion(name, value, contentType, tags ?? new Dictionary<string, string>());
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != "Bearer " + Credential.Token)
        {
            Interlocked.Increment(ref challenges);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"https://login.microsoftonline.com/{Tenant}\", resource=\"{Resource}\"";
            await Error(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.").ConfigureAwait(false);
            return;
        }

        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay, context.RequestAborted).ConfigureAwait(false);
        }

        var number = Interlocked.Increment(ref authenticatedRequests);
        if (ThrottleEvery > 0 && number % ThrottleEvery == 0)
        {
            Interlocked.Increment(ref throttled);
            context.Response.Headers.RetryAfter = RetryAfter.ToString(CultureInfo.InvariantCulture);
            await Error(context, 429, "Throttled", "Operations per second is over the limit for this vault.").ConfigureAwait(false);
            return;
        }

        var segments = request.Path.Value!.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.Method;
        switch (segments)
        {
            case ["secrets"] when method == "GET":
                await List(context).ConfigureAwait(false);
                break;
            case ["secrets", var name] when method == "PUT":
                await Put(context, name).ConfigureAwait(false);
                break;
            case ["secrets", var name, var versionId] when method == "PATCH":
                await Update(context, name, versionId).ConfigureAwait(false);
                break;
            case ["secrets", var name, ..] when method == "GET":
                await Get(context, name, segments.Length > 2 ? segments[2] : null).ConfigureAwait(false);
                break;
            case ["secrets", var name] when method == "DELETE":
                await Delete(context, name).ConfigureAwait(false);
                break;
            case ["deletedsecrets", var name] when method == "GET":
                await GetDeleted(context, name).ConfigureAwait(false);
                break;
            case ["deletedsecrets", var name] when method == "DELETE":
                await Purge(context, name).ConfigureAwait(false);
                break;
            default:
                await Error(context, 400, "BadParameter", $"The fake vault does not serve {method} {request.Path}.").ConfigureAwait(false);
                break;
        }
    }

    private async Task Put(HttpContext context, string name)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        if (FailWritesWith is { } status)
        {
            // A real service may quote a request in its error; the adapter must never let this reach a log or a caller.
            await Error(context, status, "Forbidden", "The operation was refused for request " + text).ConfigureAwait(false);
            return;
        }

        var body = JsonNode.Parse(text)!.AsObject();
        var tags = body["tags"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [];
        Version version;
        lock (gate)
        {
            if (deleted.ContainsKey(name))
            {
                version = null!;
            }
            else
            {
                version = AddVersion(name, body["value"]!.GetValue<string>(), body["contentType"]?.GetValue<string>(), tags);
            }
        }

        if (version is null)
        {
            await Error(context, 409, "Conflict",
                $"Secret {name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.",
                "ObjectIsDeletedButRecoverable").ConfigureAwait(false);
            return;
        }

        await Json(context, 200, Bundle(name, version, withValue: true)).ConfigureAwait(false);
    }

    private async Task Get(HttpContext context, string name, string? versionId)
    {
        Version? version;
        lock (gate)
        {
            version = secrets.TryGetValue(name, out var versions)
                ? versionId is null ? versions[^1] : versions.Find(v => v.Id == versionId)
                : null;
        }

        if (version is null)
        {
            await Error(context, 404, "SecretNotFound", $"A secret with (name/id) {name}/{versionId} was not found in this key vault.").ConfigureAwait(false);
            return;
        }

        if (!version.Enabled)
        {
            await Error(context, 403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled").ConfigureAwait(false);
            return;
        }

        await Json(context, 200, Bundle(name, version, withValue: true)).ConfigureAwait(false);
    }

    /// <summary>Updates a version's attributes; of them only <c>enabled</c> is kept, the one the adapter changes.</summary>
    private async Task Update(HttpContext context, string name, string versionId)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))!.AsObject();
        var enabled = body["attributes"]?["enabled"]?.GetValue<bool>();
        Version? version = null;
        lock (gate)
        {
            if (secrets.TryGetValue(name, out var versions) && versions.FindIndex(v => v.Id == versionId) is var index and >= 0)
            {
                version = versions[index] = versions[index] with { Enabled = enabled ?? versions[index].Enabled };
            }
        }

        if (version is null)
        {
            await Error(context, 404, "SecretNotFound", $"A secret with (name/id) {name}/{versionId} was not found in this key vault.").ConfigureAwait(false);
            return;
        }

        await Json(context, 200, Bundle(name, version, withValue: false)).ConfigureAwait(false);
    }

    private async Task List(HttpContext context)
    {
        var query = context.Request.Query;
        var skip = int.TryParse(query["$skiptoken"], out var s) ? s : 0;
        var max = int.TryParse(query["maxresults"], out var m) ? Math.Clamp(m, 1, 25) : 25;
        List<JsonObject> items;
        int total;
        lock (gate)
        {
            var names = secrets.Keys.Order(StringComparer.Ordinal).ToList();
            total = names.Count;
            items = [.. names.Skip(skip).Take(max).Select(n => Item(n, secrets[n][^1]))];
        }

        var page = new JsonObject { ["value"] = new JsonArray([.. items]) };
        page["nextLink"] = skip + max < total
            ? $"{VaultUri}secrets?api-version={context.Request.Query["api-version"]}&$skiptoken={skip + max}&maxresults={max}"
            : null;
        await Json(context, 200, page).ConfigureAwait(false);
    }

    private async Task Delete(HttpContext context, string name)
    {
        List<Version>? versions;
        DateTimeOffset now = Now();
        lock (gate)
        {
            if (secrets.Remove(name, out versions))
            {
                deleted[name] = (versions, now);
            }
        }

        if (versions is null)
        {
            await Error(context, 404, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.").ConfigureAwait(false);
            return;
        }

        await Json(context, 200, DeletedBundle(name, versions[^1], now)).ConfigureAwait(false);
    }

    private async Task GetDeleted(HttpContext context, string name)
    {
        (List<Version> Versions, DateTimeOffset DeletedOn) entry;
        bool found;
        lock (gate)
        {
            found = deleted.TryGetValue(name, out entry);
        }

        if (!found)
        {
            await Error(context, 404, "SecretNotFound", $"Deleted Secret not found: {name}").ConfigureAwait(false);
            return;
        }

        await Json(context, 200, DeletedBundle(name, entry.Versions[^1], entry.DeletedOn)).ConfigureAwait(false);
    }

    private async Task Purge(HttpContext context, string name)
    {
        if (RefusePurge)
        {
            await Error(context, 403, "Forbidden", $"Operation purge is not allowed on secret {name}.").ConfigureAwait(false);
            return;
        }

        bool removed;
        lock (gate)
        {
            removed = deleted.Remove(name);
            if (removed)
            {
                purged.Add(name);
            }
        }

        if (!removed)
        {
            await Error(context, 404, "SecretNotFound", $"Deleted Secret not found: {name}").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 204;
    }

    private Version AddVersion(string name, string value, string? contentType, IReadOnlyDictionary<string, string> tags)
    {
        var version = new Version(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), value, contentType, new Dictionary<string, string>(tags), Now());
        if (!secrets.TryGetValue(name, out var versions))
        {
            secrets[name] = versions = [];
        }

        versions.Add(version);
        return version;
    }

    private JsonObject Bundle(string name, Version version, bool withValue)
    {
        var bundle = Item(name, version);
        bundle["id"] = $"{VaultUri}secrets/{name}/{version.Id}";
        if (withValue)
        {
            bundle["value"] = version.Value;
        }

        return bundle;
    }

    private JsonObject Item(string name, Version version)
    {
        var created = version.CreatedOn.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["id"] = $"{VaultUri}secrets/{name}",
            ["contentType"] = version.ContentType,
            ["tags"] = new JsonObject([.. version.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))]),
            ["attributes"] = new JsonObject
            {
                ["enabled"] = version.Enabled,
                ["created"] = created,
                ["updated"] = created,
                ["recoveryLevel"] = "Recoverable+Purgeable",
                ["recoverableDays"] = 90,
            },
        };
    }

    private JsonObject DeletedBundle(string name, Version version, DateTimeOffset deletedOn)
    {
        var bundle = Bundle(name, version, withValue: false);
        bundle["recoveryId"] = $"{VaultUri}deletedsecrets/{name}";
        bundle["deletedDate"] = deletedOn.ToUnixTimeSeconds();
        bundle["scheduledPurgeDate"] = deletedOn.AddDays(90).ToUnixTimeSeconds();
        return bundle;
    }

    private static Task Error(HttpContext context, int status, string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = innerCode };
        }

        return Json(context, status, new JsonObject { ["error"] = error });
    }

    private static async Task Json(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Default)).ConfigureAwait(false);
    }
}
