namespace BucketFunctions.Core.Provisioning;

/// <summary>A <c>provision</c> object that passed every rule for its storage type: what the provider is asked to create.</summary>
public sealed record ProvisionSettings
{
    public bool Public { get; init; }

    /// <summary>True when asked for, and whenever <see cref="FileLock"/> is.</summary>
    public bool Versioning { get; init; }

    public bool FileLock { get; init; }

    public DefaultRetention? Retention { get; init; }

    public string? StorageClass { get; init; }

    public IReadOnlyList<CorsRule> CorsRules { get; init; } = [];

    public IReadOnlyList<LifecycleRule> LifecycleRules { get; init; } = [];

    public ServerSideEncryption? Encryption { get; init; }

    public IReadOnlyDictionary<string, string> BucketInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>GCS only: the project to create in; null means the service-account key's own.</summary>
    public string? Project { get; init; }
}

public enum RetentionMode
{
    Governance,
    Compliance,
}

public enum RetentionUnit
{
    Days,
    Years,
}

public sealed record DefaultRetention(RetentionMode Mode, int Duration, RetentionUnit Unit)
{
    /// <summary>The period in days (a year counted as 365, as S3 does for object lock).</summary>
    public int Days => Unit == RetentionUnit.Days ? Duration : Duration * 365;
}

/// <summary>A CORS rule; <see cref="AllowedMethods"/> are HTTP methods (B2's <c>s3_get</c> etc. mapped).</summary>
public sealed record CorsRule(
    string Name,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAgeSeconds);

/// <summary>B2's lifecycle rule: hide (expire the current version) and delete (expire noncurrent versions) after days.</summary>
public sealed record LifecycleRule(string Prefix, int? DaysFromUploadingToHiding, int? DaysFromHidingToDeleting);

public enum EncryptionMode
{
    None,

    /// <summary>Provider-managed keys (B2's SSE-B2; S3's SSE-S3, AES256).</summary>
    ProviderManaged,

    /// <summary>A key of the provider's key management service, named by <see cref="ServerSideEncryption.KmsKeyName"/>.</summary>
    Kms,
}

public sealed record ServerSideEncryption(EncryptionMode Mode, string? KmsKeyName);

/// <summary>
/// What <c>PUT /bucket/{id}</c> may change at the provider after creation; null keeps a setting, an empty list removes
/// the rules. Versioning can only be switched on: S3 and GCS keep it once on.
/// </summary>
public sealed record ProvisionChange
{
    public bool VersioningOn { get; init; }

    public DefaultRetention? Retention { get; init; }

    public IReadOnlyList<CorsRule>? CorsRules { get; init; }

    public IReadOnlyList<LifecycleRule>? LifecycleRules { get; init; }

    public bool? Public { get; init; }
}
