namespace BucketFunctions.Core.Provisioning;

/// <summary>
/// The <c>provision</c> object of a create body as the client sent it (null = absent), in Backblaze B2's names where B2
/// has one (<c>b2_create_bucket</c>). The one declaration of that shape: the HTTP layer reads it, the OpenAPI document
/// describes it, and <see cref="ProvisionRules"/> judges it.
/// </summary>
public sealed record ProvisionInput
{
    /// <summary><c>allPrivate</c> (default) or <c>allPublic</c>.</summary>
    public string? BucketType { get; init; }

    public bool? Versioning { get; init; }

    /// <summary>Object lock; implies versioning.</summary>
    public bool? FileLockEnabled { get; init; }

    public RetentionInput? DefaultRetention { get; init; }

    public string? StorageClass { get; init; }

    public IReadOnlyList<CorsRuleInput>? CorsRules { get; init; }

    public IReadOnlyList<LifecycleRuleInput>? LifecycleRules { get; init; }

    public EncryptionInput? DefaultServerSideEncryption { get; init; }

    /// <summary>Mapped to S3 tags, GCS labels or Azure container metadata.</summary>
    public IReadOnlyDictionary<string, string>? BucketInfo { get; init; }

    /// <summary>GCS only: the project the bucket is made in (default: the service-account key's <c>project_id</c>).</summary>
    public string? Project { get; init; }
}

/// <summary>B2's <c>defaultRetention</c>: <c>mode</c> GOVERNANCE or COMPLIANCE, and a period.</summary>
public sealed record RetentionInput
{
    public string? Mode { get; init; }

    public RetentionPeriodInput? Period { get; init; }
}

/// <summary>B2's retention <c>period</c>: a duration in <c>days</c> or <c>years</c>.</summary>
public sealed record RetentionPeriodInput
{
    public long? Duration { get; init; }

    public string? Unit { get; init; }
}

/// <summary>One of B2's <c>corsRules</c>.</summary>
public sealed record CorsRuleInput
{
    public string? CorsRuleName { get; init; }

    public IReadOnlyList<string>? AllowedOrigins { get; init; }

    public IReadOnlyList<string>? AllowedOperations { get; init; }

    public IReadOnlyList<string>? AllowedHeaders { get; init; }

    public IReadOnlyList<string>? ExposeHeaders { get; init; }

    public long? MaxAgeSeconds { get; init; }
}

/// <summary>One of B2's <c>lifecycleRules</c>.</summary>
public sealed record LifecycleRuleInput
{
    public string? FileNamePrefix { get; init; }

    public long? DaysFromUploadingToHiding { get; init; }

    public long? DaysFromHidingToDeleting { get; init; }
}

/// <summary>B2's <c>defaultServerSideEncryption</c>: <c>mode</c> none, SSE-B2 (provider-managed keys) or SSE-KMS.</summary>
public sealed record EncryptionInput
{
    public string? Mode { get; init; }

    public string? Algorithm { get; init; }

    public string? KmsKeyName { get; init; }
}
