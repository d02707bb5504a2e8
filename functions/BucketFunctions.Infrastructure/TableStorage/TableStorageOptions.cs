namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Settings section <c>Storage</c>. Either a connection string (Azurite, or an account key) or a table service URI
/// reached with the app's managed identity — the Azure default, since the account disallows shared keys there.
/// </summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://{account}.table.core.windows.net</c>; empty means "use the connection string".</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>Organizations, workspaces, quota counters, buckets and name claims: one partition per organization.</summary>
    public string TenantsTable { get; set; } = "tenants";

    public string TokensTable { get; set; } = "tokens";
}
