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

    /// <summary>
    /// A Key Vault secret (in the vault of <c>Vault:KeyVault:Uri</c>) holding the key set as JSON
    /// <c>{"activeKeyId":"k2","keys":{"k1":"base64…","k2":"base64…"}}</c>. When set, it replaces
    /// <see cref="ActiveKeyId"/> and <see cref="Keys"/>; read once at start, so a rotation takes a restart.
    /// </summary>
    public string? KeySetSecretName { get; set; }

    /// <summary>The table holding the ciphertexts.</summary>
    public string Table { get; set; } = "credentials";
}
