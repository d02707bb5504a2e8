namespace BucketFunctions.Core.Idempotency;

/// <summary>The answer to "may I run this request under this key?".</summary>
public abstract record IdempotencyClaim
{
    private IdempotencyClaim() { }

    /// <summary>Run it, renewing the lease while it runs; then complete or release the lease.</summary>
    public sealed record Acquired(IdempotencyLease Lease) : IdempotencyClaim;

    /// <summary>It already ran with this body: answer what it answered.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InProgress : IdempotencyClaim;

    /// <summary>The key was used with a different body.</summary>
    public sealed record KeyReused : IdempotencyClaim;
}
