using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Checks <see cref="VaultOptions.KeyVault"/> whenever something reads Key Vault: KeyVault mode, or Envelope mode with
/// its key set in a Key Vault secret. Messages name the setting to fix.
/// </summary>
public sealed class KeyVaultOptionsValidator : IValidateOptions<VaultOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keySetSecret = options.Envelope?.KeySetSecretName;
        var usesKeyVault = options.Mode == VaultMode.KeyVault
            || (options.Mode == VaultMode.Envelope && !string.IsNullOrWhiteSpace(keySetSecret));
        if (!usesKeyVault)
        {
            return ValidateOptionsResult.Skip;
        }

        var why = options.Mode == VaultMode.KeyVault ? "Vault:Mode is KeyVault" : "Vault:Envelope:KeySetSecretName is set";
        var keyVault = options.KeyVault ?? new KeyVaultOptions();
        var failures = new List<string>();
        failures.AddRange(UriFailures(keyVault.Uri, why));
        if (keyVault.MaxRetries is < 0 or > 10)
        {
            failures.Add("Vault:KeyVault:MaxRetries must be between 0 and 10.");
        }

        if (keyVault.RetryDelay <= TimeSpan.Zero || keyVault.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Vault:KeyVault:RetryDelay must be between 0 and 1 minute.");
        }

        if (keyVault.MaxRetryDelay < keyVault.RetryDelay || keyVault.MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add("Vault:KeyVault:MaxRetryDelay must be at least Vault:KeyVault:RetryDelay and at most 5 minutes.");
        }

        if (keyVault.NetworkTimeout <= TimeSpan.Zero || keyVault.NetworkTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Vault:KeyVault:NetworkTimeout must be between 0 and 2 minutes.");
        }

        if (!string.IsNullOrWhiteSpace(keySetSecret) && !KeyVaultSecretNames.IsValid(keySetSecret))
        {
            failures.Add("Vault:Envelope:KeySetSecretName must be 1-127 letters, digits and '-'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with <c>Vault:KeyVault:Uri</c>, given why it is needed; empty when it is usable.</summary>
    internal static IEnumerable<string> UriFailures(string? uri, string why)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            yield return $"Vault:KeyVault:Uri is required when {why} (e.g. https://my-vault.vault.azure.net/).";
        }
        else if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != System.Uri.UriSchemeHttps)
        {
            yield return "Vault:KeyVault:Uri must be an absolute https URI (e.g. https://my-vault.vault.azure.net/).";
        }
    }
}
