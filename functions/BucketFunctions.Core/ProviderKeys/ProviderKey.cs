using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// A provider credential an organization stored once to register many buckets with (Flashback's <c>/apikeys</c>).
/// Holds no secret: the key and secret live in the credential vault under <see cref="Id"/>, a GUID no bucket has, at
/// <see cref="CredentialVersion"/>. Every bucket that uses the key names that same version, and a rotation rewrites the
/// key and all of them in one transaction, so a bucket always uses the key's current secret.
/// </summary>
public sealed record ProviderKey
{
    /// <summary>
    /// The most buckets one key may serve: a rotation rewrites the key's row and the row of every bucket that uses it in
    /// one entity group transaction, which holds at most 100 operations.
    /// </summary>
    public const int MaxBuckets = 99;

    public required Guid Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>The provider as the client named it, upper-cased (AWS, S3, WASABI, GCP, BLOB…).</summary>
    public required string ProviderName { get; init; }

    public StorageType StorageType => ProviderNames.StorageTypeOf(ProviderName);

    /// <summary>Applies to a bucket registered with this key whose body gives none (copied into the bucket then).</summary>
    public string? Endpoint { get; init; }

    /// <summary>As <see cref="Endpoint"/>.</summary>
    public string? Region { get; init; }

    public string? Description { get; init; }
    public required string KeyHint { get; init; }
    public required string CredentialVersion { get; init; }

    /// <summary>How many buckets use this key, counted in the transactions that create, move and delete them.</summary>
    public required int BucketCount { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Grows by one on every write of the key's row, a bucket counted or uncounted included: a write based on an older
    /// read is refused, so a rotation knows the buckets it proved are all the key's buckets.
    /// </summary>
    public required long Revision { get; init; }

    /// <summary>Where the vault keeps the key's credential: the current version.</summary>
    public CredentialScope CredentialScope() => new(OrganizationId, Id, CredentialVersion);
}
