namespace BucketFunctions.Core.Buckets;

/// <summary>
/// A registered bucket as the service knows it. Holds no secret: credentials live in the vault, keyed by <see cref="Id"/>.
/// </summary>
public sealed record Bucket
{
    public required Guid Id { get; init; }
    public required string OrganizationId { get; init; }
    /// <summary>The display name, unique within the organization case-insensitively.</summary>
    public required string Name { get; init; }
    /// <summary>The provider's bucket (or container) name.</summary>
    public required string BucketName { get; init; }
    /// <summary>
    /// The storage type as it was registered (S3, GCS, AZURE or BLOB): answers use the bucket's own spelling, and
    /// <see cref="StorageType"/> is read from it, so the two cannot disagree.
    /// </summary>
    public required string StorageTypeName { get; init; }

    public StorageType StorageType => StorageTypeNames.TryParse(StorageTypeName, out var type)
        ? type
        : throw new InvalidOperationException($"Bucket {Id} has no known storage type.");

    public string? Region { get; init; }
    public string? Endpoint { get; init; }
    public string? WorkspaceId { get; init; }
    /// <summary>The owner's wallet, as Flashback's client sends it; the list can be filtered by it.</summary>
    public string? WalletAddress { get; init; }
    public required string KeyHint { get; init; }
    public required BucketStatus Status { get; init; }
    public required DateTimeOffset LastStatusAt { get; init; }
    /// <summary>How long the provider took to answer the check that set <see cref="Status"/>; null before a timed check.</summary>
    public long? LatencyMs { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Starts at 1 and grows by one on every change; the optimistic-concurrency token clients see.</summary>
    public required long Revision { get; init; }

    /// <summary>
    /// The vault version of the credential this bucket uses, as the vault's put returned it; null for a bucket stored
    /// before credentials were versioned (its vault entry has no version either). For a bucket on a provider key, the
    /// key's current version: a rotation rewrites it in the key's transaction.
    /// </summary>
    public string? CredentialVersion { get; init; }

    /// <summary>The provider key whose credential this bucket uses (<c>apiKeyUuid</c>); null when it has its own.</summary>
    public Guid? ApiKeyId { get; init; }

    /// <summary>Where the vault keeps the credential this bucket uses: its own version of it, or its provider key's.</summary>
    public Credentials.CredentialScope CredentialScope() => new(OrganizationId, ApiKeyId ?? Id, CredentialVersion);

    /// <summary>
    /// Where the vault keeps credentials of the bucket's own, every version: what deleting the bucket destroys. Never a
    /// provider key's, which outlives the buckets that use it.
    /// </summary>
    public Credentials.CredentialScope OwnCredentialScope() => new(OrganizationId, Id);

    /// <summary>What proving <paramref name="credential"/> against this bucket, where it is registered, asks its provider.</summary>
    public Probing.ProbeRequest ToProbeRequest(Credentials.StorageCredential credential, bool checkWrite = false) =>
        new(StorageType, BucketName, Region, Endpoint is null ? null : new Uri(Endpoint, UriKind.Absolute), credential, checkWrite);
}
