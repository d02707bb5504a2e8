using System.Security.Cryptography;

namespace BucketFunctions.Core.Idempotency;

/// <summary>What an existing record means for a new request with the same key (Stripe's semantics).</summary>
public static class IdempotencyRules
{
    public const int MaxKeyLength = 255;

    public enum Decision
    {
        Replay,
        InProgress,
        KeyReused,
        TakeOver,
    }

    public static Decision Decide(IdempotencyRecord existing, byte[] requestFingerprint, DateTimeOffset now, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(existing);
        if (existing.IsCompleted && existing.CreatedAt + options.Retention <= now)
        {
            return Decision.TakeOver;  // expired: the key is free again
        }

        if (!CryptographicOperations.FixedTimeEquals(existing.RequestFingerprint, requestFingerprint))
        {
            return Decision.KeyReused;
        }

        if (existing.IsCompleted)
        {
            return Decision.Replay;
        }

        return existing.LeaseExpiresAt <= now ? Decision.TakeOver : Decision.InProgress;
    }

    /// <summary>Null when the key is usable: 1–255 visible ASCII characters (spaces inside allowed).</summary>
    public static string? CheckKey(string key) =>
        key.Length is 0 or > MaxKeyLength || key.Trim().Length != key.Length || key.Any(c => c is < ' ' or > '~')
            ? $"The Idempotency-Key header is 1 to {MaxKeyLength} visible ASCII characters."
            : null;
}
