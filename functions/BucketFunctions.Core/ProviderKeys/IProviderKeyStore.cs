using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// Where provider keys live: in the organization's partition beside its buckets, so that counting a bucket on its key
/// happens in the bucket's own transaction (<see cref="IBucketStore"/>), and a rotation rewrites the key and every
/// bucket that uses it in one.
/// </summary>
public interface IProviderKeyStore
{
    Task CreateAsync(ProviderKey key, CancellationToken cancellationToken);

    Task<ProviderKey?> GetAsync(string organizationId, Guid keyId, CancellationToken cancellationToken);

    /// <summary>Every key of the organization, oldest first.</summary>
    Task<IReadOnlyList<ProviderKey>> ListAsync(string organizationId, CancellationToken cancellationToken);

    /// <summary>The buckets that use the key.</summary>
    Task<IReadOnlyList<Bucket>> ListBucketsAsync(string organizationId, Guid keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the key if its row is still at <paramref name="expectedRevision"/>, and in the same transaction each of
    /// <paramref name="rewritten"/> (a bucket as it will be, one revision above the one read), provided each is still at
    /// the revision before and they are all the key's buckets. Anything changed since the reads: <see cref="ProviderKeyWrite.Changed"/>.
    /// </summary>
    Task<ProviderKeyWrite> TryReplaceAsync(
        ProviderKey updated, long expectedRevision, IReadOnlyList<Bucket> rewritten, CancellationToken cancellationToken);

    /// <summary>Deletes the key if no bucket uses it (a bucket counted meanwhile is seen: <see cref="ProviderKeyWrite.InUse"/>).</summary>
    Task<ProviderKeyWrite> TryDeleteAsync(string organizationId, Guid keyId, CancellationToken cancellationToken);
}

/// <summary>What a key write did. Expected refusals are values, not exceptions.</summary>
public abstract record ProviderKeyWrite
{
    private ProviderKeyWrite() { }

    public sealed record Done : ProviderKeyWrite;

    public sealed record NotFound : ProviderKeyWrite;

    /// <summary>The key or one of its buckets changed since it was read: read again and decide again.</summary>
    public sealed record Changed : ProviderKeyWrite;

    public sealed record InUse(int BucketCount) : ProviderKeyWrite;
}
