namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>Where bucket credentials are kept.</summary>
public enum VaultMode
{
    /// <summary>AES-256-GCM ciphertext in a table, under keys from settings (local default, high-volume option).</summary>
    Envelope,

    /// <summary>One Key Vault secret per bucket.</summary>
    KeyVault,
}

/// <summary>Settings section <c>Vault</c>.</summary>
public sealed class VaultOptions
{
    public const string SectionName = "Vault";

    /// <summary>The id <see cref="SampleKey"/> carries in <c>local.settings.sample.json</c>.</summary>
    public const string SampleKeyId = "local-sample";

    /// <summary>
    /// The envelope key published in the repository's <c>local.settings.sample.json</c> (id <see cref="SampleKeyId"/>).
    /// For local development only: anyone with the repository can read it, so the options validator refuses it in
    /// every environment but Development.
    /// </summary>
    public const string SampleKey = "o1O+BY8ymoFyvQmtSjCVs7ftGmD77mViKoj8BvNi7pI=";

    public VaultMode Mode { get; set; } = VaultMode.Envelope;

    public EnvelopeOptions Envelope { get; set; } = new();
}

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
