namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>Settings section <c>Vault:Envelope</c>.</summary>
public sealed class EnvelopeOptions
{
    /// <summary>The key new entries are encrypted under; must name an entry of <see cref="Keys"/>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>
    /// Key id → base64 of exactly 32 bytes. Keep retired keys listed until no entry names them any more: an entry is
    /// decrypted with the key its own key id names.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The table holding the ciphertexts.</summary>
    public string Table { get; set; } = "credentials";
}
