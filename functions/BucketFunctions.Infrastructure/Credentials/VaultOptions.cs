namespace BucketFunctions.Infrastructure.Credentials;

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

    public KeyVaultOptions KeyVault { get; set; } = new();
}
