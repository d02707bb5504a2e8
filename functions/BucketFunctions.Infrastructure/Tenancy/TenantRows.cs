using System.Text;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Tenancy;

/// <summary>
/// The layout of the tenants table. One partition per organization holds everything that must change together:
/// the organization, its workspaces, its quota counter, its buckets and the rows that claim their names, and its
/// provider keys (which count the buckets that use them). A row kind is a RowKey prefix, so one kind can be queried as
/// a key range.
/// </summary>
internal static class TenantRows
{
    public const string Organization = "organization";
    public const string Quota = "quota";
    public const string BucketPrefix = "bucket|";
    public const string NamePrefix = "name|";
    public const string WorkspacePrefix = "workspace|";
    public const string IdempotencyPrefix = "idempotency|";
    public const string ProviderKeyPrefix = "apikey|";

    public static string Partition(string organizationId) => TableKey.Encode(organizationId);

    public static string Bucket(Guid bucketId) => BucketPrefix + bucketId.ToString("N");

    /// <summary>Bucket names are unique case-insensitively: the claim row is keyed by the name's normalized form.</summary>
    public static string Name(string bucketName) => NamePrefix + TableKey.Encode(NormalizeName(bucketName));

    public static string ProviderKey(Guid keyId) => ProviderKeyPrefix + keyId.ToString("N");

    public static string Workspace(string workspaceId) => WorkspacePrefix + TableKey.Encode(workspaceId);

    public static string Idempotency(string key) => IdempotencyPrefix + TableKey.Encode(key);

    internal static string NormalizeName(string name) => name.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
