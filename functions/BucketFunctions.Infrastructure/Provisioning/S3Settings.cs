using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using BucketFunctions.Core.Provisioning;

namespace BucketFunctions.Infrastructure.Provisioning;

/// <summary>An S3 bucket's settings, as read back, in the provision schema's terms (the reverse of the provisioner's mapping).</summary>
internal static class S3Settings
{
    public static ProvisionSettings From(
        S3BucketVersioningConfig? versioning, ObjectLockConfiguration? objectLock, List<CORSRule>? cors,
        List<Amazon.S3.Model.LifecycleRule>? lifecycle, ServerSideEncryptionByDefault? encryption, string? policy, List<Tag>? tags)
    {
        var retention = objectLock?.Rule?.DefaultRetention;
        return new ProvisionSettings
        {
            Public = GrantsPublicRead(policy),
            Versioning = versioning?.Status == VersionStatus.Enabled,
            FileLock = objectLock?.ObjectLockEnabled == ObjectLockEnabled.Enabled,
            Retention = retention is null ? null : new Core.Provisioning.DefaultRetention(
                retention.Mode == ObjectLockRetentionMode.Compliance ? RetentionMode.Compliance : RetentionMode.Governance,
                retention.Years ?? retention.Days ?? 0,
                retention.Years is not null ? RetentionUnit.Years : RetentionUnit.Days),
            CorsRules = (cors ?? []).Select(r => new Core.Provisioning.CorsRule(
                r.Id ?? string.Empty, r.AllowedOrigins ?? [], r.AllowedMethods ?? [], r.AllowedHeaders ?? [], r.ExposeHeaders ?? [],
                r.MaxAgeSeconds)).ToList(),
            LifecycleRules = (lifecycle ?? []).Select(r => new Core.Provisioning.LifecycleRule(
                (r.Filter?.LifecycleFilterPredicate as LifecyclePrefixPredicate)?.Prefix ?? string.Empty,
                r.Expiration?.Days, r.NoncurrentVersionExpiration?.NoncurrentDays)).ToList(),
            Encryption = encryption is null ? null : encryption.ServerSideEncryptionAlgorithm == ServerSideEncryptionMethod.AWSKMS
                ? new ServerSideEncryption(EncryptionMode.Kms, encryption.ServerSideEncryptionKeyManagementServiceKeyId)
                : new ServerSideEncryption(EncryptionMode.ProviderManaged, null),
            BucketInfo = (tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>True when a statement lets anyone read objects: what <c>allPublic</c> puts there.</summary>
    private static bool GrantsPublicRead(string? policy)
    {
        if (string.IsNullOrWhiteSpace(policy))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(policy);
            if (!document.RootElement.TryGetProperty("Statement", out var statements))
            {
                return false;
            }

            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return list.Any(s =>
                s.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow"
                && s.TryGetProperty("Principal", out var principal)
                && (principal.ValueKind == JsonValueKind.String ? principal.GetString() == "*"
                    : principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty("AWS", out var aws) && aws.ToString() == "*")
                && s.TryGetProperty("Action", out var action) && action.ToString().Contains("s3:GetObject", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
