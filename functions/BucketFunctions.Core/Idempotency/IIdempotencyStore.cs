namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// Idempotency keys per organization. Claims are atomic: of two concurrent requests with one key, one runs. Writes under a
/// lease are conditional on it and end it (<see cref="IdempotencyLease.IsEnded"/>); one under an ended lease does nothing.
/// </summary>
public interface IIdempotencyStore
{
    /// <param name="requestHash">SHA-256 of the request (route, route values, If-Match and body). Stores keep only its keyed
    /// fingerprint (<see cref="IdempotencyFingerprint"/>).</param>
    Task<IdempotencyClaim> TryClaimAsync(string organizationId, string key, byte[] requestHash, CancellationToken cancellationToken);

    /// <summary>
    /// Holds the key for another <see cref="IdempotencyOptions.LeaseDuration"/> from now. False when the lease has ended:
    /// a repeat took the key over after it lapsed, or the request's commit completed it.
    /// </summary>
    Task<bool> RenewAsync(IdempotencyLease lease, CancellationToken cancellationToken);

    /// <summary>Records the response under the lease. False when the lease has ended (completed by the commit, or taken over).</summary>
    Task<bool> CompleteAsync(IdempotencyLease lease, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Frees the key so the request can be retried (it failed in a way worth retrying).</summary>
    Task ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken);
}
