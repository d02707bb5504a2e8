using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Api.Contracts;

/// <summary>
/// A bucket's settings as the provider holds them now (<c>GET /bucket/{id}?settings=true</c>), in the shape of B2's bucket
/// answer: the provision schema's names, the retention under <c>fileLockConfiguration</c>. Read on demand, never stored.
/// </summary>
public sealed record ProvisioningResource(
    string BucketType,
    bool Versioning,
    FileLockConfiguration FileLockConfiguration,
    IReadOnlyList<CorsRuleInput> CorsRules,
    IReadOnlyList<LifecycleRuleInput> LifecycleRules,
    EncryptionInput DefaultServerSideEncryption,
    string? StorageClass,
    IReadOnlyDictionary<string, string> BucketInfo)
{
    public static ProvisioningResource From(ProvisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            settings.Public ? ProvisionRules.AllPublic : ProvisionRules.AllPrivate,
            settings.Versioning,
            new FileLockConfiguration(settings.FileLock, settings.Retention is { } r
                ? new RetentionInput
                {
                    Mode = r.Mode == RetentionMode.Compliance ? "COMPLIANCE" : "GOVERNANCE",
                    Period = new RetentionPeriodInput { Duration = r.Duration, Unit = r.Unit == RetentionUnit.Years ? "years" : "days" },
                }
                : null),
            settings.CorsRules.Select(c => new CorsRuleInput
            {
                CorsRuleName = c.Name,
                AllowedOrigins = c.AllowedOrigins,
                AllowedOperations = c.AllowedMethods.Select(m => "s3_" + m.ToLowerInvariant()).ToList(),
                AllowedHeaders = c.AllowedHeaders,
                ExposeHeaders = c.ExposeHeaders,
                MaxAgeSeconds = c.MaxAgeSeconds,
            }).ToList(),
            settings.LifecycleRules.Select(l => new LifecycleRuleInput
            {
                FileNamePrefix = l.Prefix,
                DaysFromUploadingToHiding = l.DaysFromUploadingToHiding,
                DaysFromHidingToDeleting = l.DaysFromHidingToDeleting,
            }).ToList(),
            settings.Encryption switch
            {
                { Mode: EncryptionMode.Kms } kms => new EncryptionInput { Mode = "SSE-KMS", KmsKeyName = kms.KmsKeyName },
                { Mode: EncryptionMode.ProviderManaged } => new EncryptionInput { Mode = "SSE-B2", Algorithm = "AES256" },
                _ => new EncryptionInput { Mode = "none" },
            },
            settings.StorageClass,
            settings.BucketInfo);
    }
}

/// <summary>B2's <c>fileLockConfiguration</c>: whether object lock is on, and its default retention (null: none).</summary>
public sealed record FileLockConfiguration(bool IsFileLockEnabled, RetentionInput? DefaultRetention);
