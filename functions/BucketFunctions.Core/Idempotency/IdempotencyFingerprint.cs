using System.Security.Cryptography;

namespace BucketFunctions.Core.Idempotency;

/// <summary>
/// What an idempotency row keeps instead of the request's hash: HMAC-SHA256 of that hash under a server-side key. A
/// leaked table then gives no way to test guesses of a body (and so of the secret in it) offline: checking a guess
/// needs the key, which lives in settings or Key Vault, never in the table.
/// </summary>
public sealed class IdempotencyFingerprint : IDisposable
{
    /// <summary>Shortest key accepted: the HMAC-SHA256 block's security level needs at least 32 bytes.</summary>
    public const int MinimumKeySize = 32;

    private readonly byte[] key;

    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeySize"/> bytes.</exception>
    public IdempotencyFingerprint(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeySize)
        {
            throw new ArgumentException($"The idempotency fingerprint key must be at least {MinimumKeySize} bytes.", nameof(key));
        }

        this.key = key.ToArray();
    }

    /// <summary>HMAC-SHA256(server key, <paramref name="requestHash"/>).</summary>
    public byte[] Of(byte[] requestHash)
    {
        ArgumentNullException.ThrowIfNull(requestHash);
        return HMACSHA256.HashData(key, requestHash);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(key);

    public override string ToString() => nameof(IdempotencyFingerprint);
}
