using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BucketFunctions.Api.Tests.Flashback;

// Flashback's published TypeScript client (flashbacknetwork/FlashbackClient), written down in C#: the request
// interfaces as records that serialize as JSON.stringify does (an undefined field is left out), and the response
// interfaces as shapes an answer is checked against field by field. Sources: src/api/types/storage/storage.ts
// (StorageType, CreateUnitRequest, StorageBucket, ValidateUnitRequest/Response, UpdateBucketResponse, ActionResponse,
// GetBucketsResponse, and the provider keys' GetProviderApiKeysParams, ProviderApiKeyDTO, Create/Update
// ProviderApiKeyRequest and their responses) and src/api/types/platform/quota.ts (QuotaResponse and its parts).

/// <summary><c>CreateBucketRequest</c> (= <c>CreateUnitRequest</c>), also the whole of <c>UpdateBucketRequest</c>.</summary>
public sealed record CreateBucketRequest(
    string Name,
    string Bucket,
    string StorageType,
    string? Key,
    string? Secret,
    string? Endpoint,
    string? Region,
    string WorkspaceId,
    string? WalletAddress = null,
    string? ApiKeyUuid = null);

/// <summary><c>CreateProviderApiKeyRequest</c>.</summary>
public sealed record CreateProviderApiKeyRequest(
    string Key,
    string Secret,
    string? Endpoint,
    string? Region,
    string Provider,
    string? Description,
    string WorkspaceId,
    string? TenantId = null,
    string? SubscriptionId = null);

/// <summary><c>UpdateProviderApiKeyRequest</c>: every field optional.</summary>
public sealed record UpdateProviderApiKeyRequest(
    string? Key = null,
    string? Secret = null,
    string? Endpoint = null,
    string? Region = null,
    string? Provider = null,
    string? Description = null,
    string? TenantId = null,
    string? SubscriptionId = null);

/// <summary>
/// <c>GetProviderApiKeysParams</c>; <see cref="Capability"/> is a <c>ProviderCapability</c> (Storage 1, AI 2, Cloud 4, All 255).
/// </summary>
public sealed record GetProviderApiKeysParams(string? WorkspaceId = null, int? Capability = null, string? Provider = null);

/// <summary><c>ValidateBucketRequest</c> (= <c>ValidateUnitRequest</c>).</summary>
public sealed record ValidateBucketRequest(
    string Bucket, string? Key = null, string? Secret = null, string? Endpoint = null, string? ApiKeyUuid = null);

/// <summary>A TypeScript type, as far as an answer's shape goes.</summary>
public abstract record TsType
{
    public static readonly TsType String = new TsPrimitive("string", JsonValueKind.String);
    public static readonly TsType Number = new TsPrimitive("number", JsonValueKind.Number);
    public static readonly TsType Boolean = new TsPrimitive("boolean", JsonValueKind.True);
    public static readonly TsType Any = new TsAny();

    public static TsType Enum(params string[] values) => new TsEnum(values);

    public static TsType ArrayOf(TsType item) => new TsArray(item);

    /// <summary>Where <paramref name="value"/> breaks this type, one line per finding; none when it fits.</summary>
    public abstract IEnumerable<string> Mismatches(JsonNode? value, string at);
}

public sealed record TsPrimitive(string Name, JsonValueKind Kind) : TsType
{
    public override IEnumerable<string> Mismatches(JsonNode? value, string at)
    {
        var kind = value?.GetValueKind();
        var fits = Kind == JsonValueKind.True ? kind is JsonValueKind.True or JsonValueKind.False : kind == Kind;
        return fits ? [] : [$"{at} is {kind?.ToString() ?? "null"}, not {Name}"];
    }
}

public sealed record TsAny : TsType
{
    public override IEnumerable<string> Mismatches(JsonNode? value, string at) => [];
}

public sealed record TsEnum(string[] Values) : TsType
{
    public override IEnumerable<string> Mismatches(JsonNode? value, string at) =>
        value?.GetValueKind() == JsonValueKind.String && Values.Contains(value.GetValue<string>())
            ? [] : [$"{at} = {value?.ToJsonString() ?? "null"} is not one of {string.Join("|", Values)}"];
}

public sealed record TsArray(TsType Item) : TsType
{
    public override IEnumerable<string> Mismatches(JsonNode? value, string at) =>
        value is JsonArray array ? array.SelectMany((item, i) => Item.Mismatches(item, $"{at}[{i}]")) : [$"{at} is not an array"];
}

/// <summary>A field of an interface; an optional one (<c>name?: type</c>) may be absent or null.</summary>
public sealed record TsField(string Name, TsType Type, bool Optional = false);

/// <summary>
/// An interface: every required field present and not null, every field present of its type. Other fields are allowed,
/// as TypeScript's structural typing allows them.
/// </summary>
public sealed record TsInterface(string Name, params TsField[] Fields) : TsType
{
    public override IEnumerable<string> Mismatches(JsonNode? value, string at)
    {
        if (value is not JsonObject obj)
        {
            return [$"{at} is not an object ({Name})"];
        }

        return Fields.SelectMany(field => obj.TryGetPropertyValue(field.Name, out var child) && child is not null
            ? field.Type.Mismatches(child, $"{at}.{field.Name}")
            : field.Optional ? [] : [$"{at} ({Name}) lacks required '{field.Name}'"]);
    }

    public TsInterface Extend(string name, params TsField[] fields) => new(name, [.. Fields, .. fields]);
}

/// <summary>The client's response interfaces, field by field as its source declares them.</summary>
public static class FlashbackShapes
{
    public static readonly TsType StorageType = TsType.Enum("S3", "GCS", "BLOB");

    public static readonly TsInterface StorageBucket = new(
        "StorageBucket",
        new TsField("id", TsType.String),
        new TsField("name", TsType.String),
        new TsField("bucket", TsType.String),
        new TsField("storageType", StorageType),
        new TsField("key", TsType.String, Optional: true),
        new TsField("secret", TsType.Any, Optional: true),
        new TsField("endpoint", TsType.String, Optional: true),
        new TsField("region", TsType.String, Optional: true),
        new TsField("status", TsType.String, Optional: true),
        new TsField("projectId", TsType.String, Optional: true),
        new TsField("createdAt", TsType.String),
        new TsField("workspaceId", TsType.String),
        new TsField("walletAddress", TsType.String, Optional: true),
        new TsField("repos", TsType.ArrayOf(TsType.Any), Optional: true),
        new TsField("apiKeyId", TsType.String, Optional: true));

    public static readonly TsInterface GetBucketsResponse = new(
        "GetBucketsResponse", new TsField("success", TsType.Boolean), new TsField("buckets", TsType.ArrayOf(StorageBucket)));

    public static readonly TsInterface CreateBucketResponse = new(
        "CreateBucketResponse", new TsField("success", TsType.Boolean), new TsField("bucketId", TsType.String));

    public static readonly TsInterface UpdateBucketResponse = CreateBucketResponse.Extend(
        "UpdateBucketResponse",
        new TsField("status", TsType.String, Optional: true),
        new TsField("latency_ms", TsType.Number, Optional: true));

    public static readonly TsInterface ValidateBucketResponse = new(
        "ValidateBucketResponse",
        new TsField("success", TsType.Boolean),
        new TsField("message", TsType.String, Optional: true),
        new TsField("status", TsType.String, Optional: true),
        new TsField("latency_ms", TsType.Number, Optional: true));

    public static readonly TsInterface ActionResponse = new(
        "ActionResponse", new TsField("success", TsType.Boolean), new TsField("message", TsType.String, Optional: true));

    public static readonly TsInterface QuotaResponse = new(
        "QuotaResponse",
        new TsField("success", TsType.Boolean),
        new TsField("subscription", new TsInterface(
            "SubscriptionInfo",
            new TsField("id", TsType.String),
            new TsField("name", TsType.String),
            new TsField("description", TsType.String))),
        new TsField("quotaUsage", TsType.ArrayOf(new TsInterface(
            "QuotaUsageItem",
            new TsField("capability", new TsInterface(
                "CapabilityInfo",
                new TsField("id", TsType.String),
                new TsField("code", TsType.String),
                new TsField("description", TsType.String),
                new TsField("type", TsType.String),
                new TsField("periodType", TsType.Enum("ALL_TIME", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")))),
            new TsField("usage", new TsInterface(
                "QuotaUsageInfo",
                new TsField("current", TsType.Number),
                new TsField("max", TsType.Number),
                new TsField("percentage", TsType.Number)))))));

    public static readonly TsInterface ProviderApiKeyDTO = new(
        "ProviderApiKeyDTO",
        new TsField("id", TsType.String),
        new TsField("key", TsType.String),
        new TsField("endpoint", TsType.String, Optional: true),
        new TsField("region", TsType.String, Optional: true),
        new TsField("tenantId", TsType.String, Optional: true),
        new TsField("subscriptionId", TsType.String, Optional: true),
        new TsField("provider", TsType.String),
        new TsField("description", TsType.String, Optional: true),
        new TsField("createdAt", TsType.String),
        new TsField("bucket_count", TsType.Number, Optional: true),
        new TsField("aillm_count", TsType.Number, Optional: true));

    public static readonly TsInterface GetProviderApiKeysResponse = new(
        "GetProviderApiKeysResponse", new TsField("success", TsType.Boolean), new TsField("apiKeys", TsType.ArrayOf(ProviderApiKeyDTO)));

    public static readonly TsInterface CreateProviderApiKeyResponse = ActionResponse.Extend(
        "CreateProviderApiKeyResponse", new TsField("apiKeyId", TsType.String));

    /// <summary>client.ts's <c>ErrorResponse</c>, what an <c>HttpError</c> carries: <c>message?: string</c> and anything else.</summary>
    public static readonly TsInterface ErrorResponse = new("ErrorResponse", new TsField("message", TsType.String, Optional: true));

    /// <summary>Asserts the answer fits the interface, listing every mismatch.</summary>
    public static JsonObject AssertFits(TsType shape, JsonNode? value)
    {
        var mismatches = shape.Mismatches(value, "$").ToList();
        var name = shape is TsInterface named ? named.Name : shape.GetType().Name;
        Assert.True(mismatches.Count == 0, $"The answer breaks {name}:\n{string.Join("\n", mismatches)}\n{value?.ToJsonString()}");
        return value!.AsObject();
    }

    /// <summary>How JSON.stringify writes a request object: camelCase, undefined (here null) fields left out.</summary>
    public static readonly JsonSerializerOptions Stringify = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
