namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// Proof of holding a key: the store's version of its row as this request last wrote it, every write of the request
/// being conditional on it. Renewals move the version on, so the holder's writes take turns (<see cref="TakeTurnAsync"/>):
/// a renewal and a commit sent together would each meet the version the other left, and the commit would be refused.
/// </summary>
public sealed class IdempotencyLease(string organizationId, string key, string version)
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public string OrganizationId { get; } = organizationId;

    public string Key { get; } = key;

    public string Version { get; private set; } = version;

    /// <summary>
    /// Set once the key is no longer this request's to write: completed (by a commit or afterwards), freed, or taken over by
    /// a repeat after the lease lapsed. Nothing more is written under it.
    /// </summary>
    public bool IsEnded { get; private set; }

    /// <summary>Waits until no other write under this lease runs; disposing the answer lets the next one go.</summary>
    public async Task<IDisposable> TakeTurnAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(turn);
    }

    /// <summary>A renewal landed: later writes are conditional on the version it left.</summary>
    public void Renewed(string newVersion) => Version = newVersion;

    public void End() => IsEnded = true;

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        public void Dispose() => turn.Release();
    }
}
