using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Checks <see cref="VaultOptions"/> in Envelope mode: an active key id that names a configured key, every key base64
/// of exactly 32 bytes, and — outside Development — none equal to the published <see cref="VaultOptions.SampleKey"/>.
/// Failure messages name settings and key ids, never key material.
/// </summary>
public sealed class EnvelopeOptionsValidator(IHostEnvironment environment) : IValidateOptions<VaultOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != VaultMode.Envelope)
        {
            return ValidateOptionsResult.Skip;
        }

        var envelope = options.Envelope;
        if (envelope is null)
        {
            return ValidateOptionsResult.Fail("Vault:Envelope is required when Vault:Mode is Envelope.");
        }

        if (!string.IsNullOrWhiteSpace(envelope.KeySetSecretName))
        {
            // The keys come from Key Vault: KeyVaultOptionsValidator requires the vault, EnvelopeKeySet checks what it holds.
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var keys = envelope.Keys ?? [];
        if (keys.Count == 0)
        {
            failures.Add("Vault:Envelope:Keys must list at least one key (key id → base64 of 32 bytes).");
        }

        if (string.IsNullOrWhiteSpace(envelope.ActiveKeyId))
        {
            failures.Add("Vault:Envelope:ActiveKeyId is required.");
        }
        else if (!keys.Keys.Contains(envelope.ActiveKeyId, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Vault:Envelope:ActiveKeyId '{envelope.ActiveKeyId}' is not one of the keys in Vault:Envelope:Keys.");
        }

        if (keys.Keys.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            failures.Add("Vault:Envelope:Keys names a key id twice (key ids ignore case).");
        }

        using var sample = new KeyBytes(EnvelopeCipher.TryDecodeKey(VaultOptions.SampleKey)!);
        foreach (var (id, encoded) in keys)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                failures.Add("Vault:Envelope:Keys has an entry without a key id.");
                continue;
            }

            using var key = new KeyBytes(EnvelopeCipher.TryDecodeKey(encoded));
            if (key.Value is null)
            {
                failures.Add($"Vault:Envelope:Keys:{id} must be base64 of exactly {EnvelopeCipher.KeySize} bytes.");
            }
            else if (CryptographicOperations.FixedTimeEquals(key.Value, sample.Value) && !environment.IsDevelopment())
            {
                failures.Add(
                    $"Vault:Envelope:Keys:{id} is the sample key published with the repository, which is for local development only; " +
                    $"configure a real key (32 random bytes, base64) for the '{environment.EnvironmentName}' environment.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Zeroes a decoded key when the check is done with it.</summary>
    private readonly struct KeyBytes(byte[]? value) : IDisposable
    {
        public byte[]? Value { get; } = value;

        public void Dispose()
        {
            if (Value is not null)
            {
                CryptographicOperations.ZeroMemory(Value);
            }
        }
    }
}
