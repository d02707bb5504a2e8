using System.Text.Json.Serialization;
using BucketFunctions.Api.OpenApi;
using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Api.Contracts;

// The success bodies of docs/API.md, one named record each: the OpenAPI document is produced from these types.

/// <summary>A response that carries headers besides its body (never serialized: explicit implementations are not).</summary>
public interface IResponseHeaders
{
    IReadOnlyDictionary<string, string> Headers { get; }
}

/// <summary>A response whose status is not 200 in every case (health answers 503 when a dependency is down).</summary>
public interface IResponseStatus
{
    int StatusCode { get; }
}

/// <summary><c>POST /bucket</c>.</summary>
public sealed record CreateBucketResponse(bool Success, Guid BucketId, BucketResource Bucket) : IResponseHeaders
{
    IReadOnlyDictionary<string, string> IResponseHeaders.Headers => Bucket.ETagHeader();
}

/// <summary>
/// <c>PUT /bucket/{bucketId}</c>, with Flashback's <c>UpdateBucketResponse</c> fields: <see cref="Status"/> is the bucket's,
/// and <see cref="LatencyMs"/> how long the provider took to prove the change — null when the change needed no check
/// (no credential, bucket, region, endpoint or storage type changed).
/// </summary>
public sealed record UpdateBucketResponse(
    bool Success,
    Guid BucketId,
    [property: OneOf(typeof(BucketStatuses), nameof(BucketStatuses.WireNames))] string Status,
    [property: JsonPropertyName("latency_ms")] long? LatencyMs,
    BucketResource Bucket) : IResponseHeaders
{
    IReadOnlyDictionary<string, string> IResponseHeaders.Headers => Bucket.ETagHeader();
}

/// <summary><c>GET /bucket/{bucketId}</c>; with <c>?settings=true</c> also the bucket's settings read from the provider.</summary>
public sealed record GetBucketResponse(
    bool Success,
    BucketResource Bucket,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProvisioningResource? Provisioning = null) : IResponseHeaders
{
    IReadOnlyDictionary<string, string> IResponseHeaders.Headers => Bucket.ETagHeader();
}

/// <summary><c>GET /bucket</c>: one page; <see cref="ContinuationToken"/> is null on the last.</summary>
public sealed record BucketListResponse(bool Success, IReadOnlyList<BucketResource> Buckets, string? ContinuationToken);

/// <summary>An answer with nothing to say but that it worked (<c>DELETE</c> routes).</summary>
public sealed record SuccessResponse(bool Success);

/// <summary><c>GET /quota</c> and <c>GET /user/quota</c>: Flashback's <c>QuotaResponse</c>.</summary>
public sealed record QuotaResponse(bool Success, QuotaSubscription Subscription, IReadOnlyList<QuotaUsageEntry> QuotaUsage);

/// <summary>The organization's plan: <see cref="Name"/> is what an operator set (<c>free</c> until then).</summary>
public sealed record QuotaSubscription(string Id, string Name, string Description);

public sealed record QuotaUsageEntry(QuotaCapability Capability, QuotaFigures Usage);

/// <summary>What is counted: <see cref="Code"/> <c>BUCKETS</c>; <see cref="PeriodType"/> one of Flashback's <c>PeriodType</c>.</summary>
public sealed record QuotaCapability(
    string Id,
    string Code,
    string Description,
    string Type,
    [property: OneOf(typeof(QuotaCapability), nameof(QuotaCapability.PeriodTypes))] string PeriodType)
{
    public static IReadOnlyList<string> PeriodTypes { get; } = ["ALL_TIME", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
}

public sealed record QuotaFigures(int Current, int Max, double Percentage);

/// <summary><c>GET /health</c>: <c>healthy</c> (200) or <c>unhealthy</c> (503), each dependency by name.</summary>
public sealed record HealthResponse(
    [property: OneOf(typeof(HealthResponse), nameof(HealthResponse.Statuses))] string Status, IReadOnlyDictionary<string, string> Checks)
    : IResponseStatus
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";

    public static IReadOnlyList<string> Statuses { get; } = [Healthy, Unhealthy];

    int IResponseStatus.StatusCode => Status == Healthy ? 200 : 503;
}

/// <summary>
/// <c>POST /manage/credentials/reencrypt</c>: what one page moved to the active key; call again with
/// <see cref="ContinuationToken"/> until it is null, then the old key can be retired.
/// </summary>
public sealed record ReencryptionResponse(bool Success, int Examined, int Reencrypted, int AlreadyCurrent, int Failed, string? ContinuationToken);

/// <summary>Operator answers about an organization.</summary>
public sealed record OrganizationResponse(bool Success, OrganizationResource Organization);

public sealed record WorkspaceResponse(bool Success, WorkspaceResource Workspace);

public sealed record WorkspaceResource(string OrganizationId, string WorkspaceId, string Name, DateTimeOffset CreatedAt);

/// <summary>A new token: <see cref="Token"/> is shown this once and stored only as a hash.</summary>
public sealed record IssuedTokenResponse(
    bool Success,
    string TokenId,
    string Token,
    string OrganizationId,
    string? Description,
    IReadOnlyList<string> Workspaces,
    IReadOnlyList<string> Capabilities,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt);

/// <summary>
/// Every refusal: RFC 9457 fields plus Flashback's (<c>success:false</c>, <c>message</c>, <c>code</c>), every broken
/// field in <see cref="Errors"/>, the quota figures with <c>too_many_buckets</c>, and with a refused provider-key
/// rotation the <see cref="Buckets"/> its new credential could not be proven against.
/// </summary>
public sealed record ProblemResponse(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    bool Success,
    string Message,
    string CorrelationId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemField>? Errors = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Current = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Max = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemBucket>? Buckets = null);

public sealed record ProblemField(string Field, string Pointer, string Message);

/// <summary>A bucket a provider key's new credential could not be proven against, and what its provider answered.</summary>
public sealed record ProblemBucket(
    Guid BucketId,
    string Name,
    [property: OneOf(typeof(BucketStatuses), nameof(BucketStatuses.WireNames))] string Status,
    string Message);
