namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Settings section <c>Storage</c>: the one way to reach Table Storage. In Azure, the table service endpoint reached with
/// the app's user-assigned managed identity (the account disallows shared keys there); locally, a connection string
/// (Azurite). <see cref="TableStorageOptionsValidator"/> checks them at start.
/// </summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://{account}.table.core.windows.net</c>; empty means "use the connection string".</summary>
    public string? TableServiceUri { get; set; }

    /// <summary>
    /// The client id of the user-assigned managed identity used with <see cref="TableServiceUri"/>; empty lets
    /// <c>DefaultAzureCredential</c> choose.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Organizations, workspaces, quota counters, buckets and name claims: one partition per organization.</summary>
    public string TenantsTable { get; set; } = "tenants";

    public string TokensTable { get; set; } = "tokens";

    /// <summary>Bucket check history, the last check per region, and the re-check job's claims and leases.</summary>
    public string HealthTable { get; set; } = "bucketHealth";
}
