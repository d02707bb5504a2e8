namespace BucketFunctions.Core.Idempotency;

/// <summary>Idempotency keys per organization. Claims are atomic: of two concurrent requests with one key, one runs.</summary>
public interface IIdempotencyStore
{
    /// <param name="requestHash">SHA-256 of the request (route, route values, If-Match and body). Stores keep only its keyed
    /// fingerprint (<see cref="IdempotencyFingerprint"/>).</param>
    Task<IdempotencyClaim> TryClaimAsync(string organizationId, string key, byte[] requestHash, CancellationToken cancellationToken);

    /// <summary>Records the response under the lease. False when the lease was lost (it expired and another request took over).</summary>
    Task<bool> CompleteAsync(IdempotencyLease lease, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Frees the key so the request can be retried (it failed in a way worth retrying).</summary>
    Task ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken);
}
