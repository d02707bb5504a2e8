using System.Security.Cryptography;
using System.Text;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>One sealed credential: the key id it was encrypted under, its nonce, ciphertext and authentication tag.</summary>
public sealed record EnvelopeCiphertext(string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// AES-256-GCM under named keys. Every seal draws a fresh random 96-bit nonce and uses the active key; the
/// organization id and bucket id are the associated data, so an entry opens only for the scope it was written for.
/// Opening uses whichever key the entry names, so keys rotate by adding a new active key and keeping the old one
/// listed until its entries are rewritten. Failures raise <see cref="CryptographicException"/> naming the scope and
/// key id, never key material or plaintext.
/// </summary>
public sealed class EnvelopeCipher : IDisposable
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly Dictionary<string, byte[]> keys = new(StringComparer.OrdinalIgnoreCase);
    private bool disposed;

    /// <exception cref="InvalidOperationException">The options name no usable active key, or a key is not base64 of 32 bytes.</exception>
    public EnvelopeCipher(EnvelopeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            foreach (var (id, encoded) in options.Keys)
            {
                if (string.IsNullOrWhiteSpace(id))
                {
                    throw new InvalidOperationException("Vault:Envelope:Keys has an entry without a key id.");
                }

                var key = TryDecodeKey(encoded)
                    ?? throw new InvalidOperationException($"Vault:Envelope:Keys:{id} is not base64 of exactly {KeySize} bytes.");
                if (!keys.TryAdd(id, key))
                {
                    CryptographicOperations.ZeroMemory(key);
                    throw new InvalidOperationException($"Vault:Envelope:Keys names key id '{id}' twice (key ids ignore case).");
                }
            }

            if (string.IsNullOrWhiteSpace(options.ActiveKeyId) || !keys.ContainsKey(options.ActiveKeyId))
            {
                throw new InvalidOperationException("Vault:Envelope:ActiveKeyId must name one of the keys in Vault:Envelope:Keys.");
            }

            ActiveKeyId = options.ActiveKeyId;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The key id new entries are sealed under.</summary>
    public string ActiveKeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="scope"/> under the active key.</summary>
    public EnvelopeCiphertext Seal(CredentialScope scope, ReadOnlySpan<byte> plaintext)
    {
        var associatedData = AssociatedData(scope);
        var key = KeyFor(ActiveKeyId, scope);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        return new EnvelopeCiphertext(ActiveKeyId, nonce, ciphertext, tag);
    }

    /// <summary>
    /// Decrypts an entry sealed for <paramref name="scope"/>. The caller owns the returned plaintext and should zero it
    /// (<see cref="CryptographicOperations.ZeroMemory"/>) once read.
    /// </summary>
    /// <exception cref="CryptographicException">
    /// The entry names a key that is not configured, is malformed, was altered, or was sealed for another scope.
    /// </exception>
    public byte[] Open(CredentialScope scope, EnvelopeCiphertext entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var associatedData = AssociatedData(scope);
        if (entry.Nonce is not { Length: NonceSize } || entry.Tag is not { Length: TagSize } || entry.Ciphertext is null)
        {
            throw new CryptographicException($"The credential entry for bucket {scope.BucketId:N} is malformed.");
        }

        var key = KeyFor(entry.KeyId, scope);
        var plaintext = new byte[entry.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(entry.Nonce, entry.Ciphertext, entry.Tag, plaintext, associatedData);
            return plaintext;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);

            // The inner exception says nothing useful and nothing secret; our message says what it means.
            throw new CryptographicException(
                $"The credential entry for bucket {scope.BucketId:N} of organization '{scope.OrganizationId}' failed authentication: " +
                "it was altered, or it was written for another organization or bucket.");
        }
    }

    /// <summary>Zeroes the keys held in memory.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var key in keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        keys.Clear();
    }

    /// <summary>
    /// The key's bytes when <paramref name="encoded"/> is base64 of <paramref name="minimumSize"/> to
    /// <paramref name="maximumSize"/> bytes (by default exactly <see cref="KeySize"/>); null otherwise, a decoded key of
    /// another size zeroed first.
    /// </summary>
    internal static byte[]? TryDecodeKey(string? encoded, int minimumSize = KeySize, int maximumSize = KeySize)
    {
        if (string.IsNullOrWhiteSpace(encoded))
        {
            return null;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return null;
        }

        if (decoded.Length >= minimumSize && decoded.Length <= maximumSize)
        {
            return decoded;
        }

        CryptographicOperations.ZeroMemory(decoded);
        return null;
    }

    /// <summary>Binds a ciphertext to its scope: UTF-8 of <c>"{organizationId}\n{bucketId:N}"</c> (the bucket id has a fixed width, so this is unambiguous).</summary>
    internal static byte[] AssociatedData(CredentialScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(scope.OrganizationId);
        return Encoding.UTF8.GetBytes($"{scope.OrganizationId}\n{scope.BucketId:N}");
    }

    private byte[] KeyFor(string? keyId, CredentialScope scope)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (keyId is not null && keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        throw new CryptographicException(
            $"The credential entry for bucket {scope.BucketId:N} was encrypted under key id '{keyId}', which is not configured; " +
            "list that key under Vault:Envelope:Keys again to read it.");
    }
}
