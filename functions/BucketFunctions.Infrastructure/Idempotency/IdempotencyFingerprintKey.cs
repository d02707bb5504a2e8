using System.Security.Cryptography;
using Azure.Security.KeyVault.Secrets;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Credentials;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Idempotency;

/// <summary>
/// Where the idempotency fingerprint key comes from: a Key Vault secret when <c>Idempotency:FingerprintKeySecretName</c>
/// is set, else <c>Idempotency:FingerprintKey</c>; in Development only, the published sample key when neither is set.
/// Checked at start by <see cref="IdempotencyFingerprintOptionsValidator"/>; messages name settings, never key bytes.
/// </summary>
public static class IdempotencyFingerprintKey
{
    /// <exception cref="InvalidOperationException">The key cannot be read or is not base64 of at least 32 bytes.</exception>
    public static IdempotencyFingerprint Create(IdempotencyOptions options, IHostEnvironment environment, Func<SecretClient> keyVault)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(keyVault);
        string? encoded;
        string source;
        if (!string.IsNullOrWhiteSpace(options.FingerprintKeySecretName))
        {
            source = $"the Key Vault secret '{options.FingerprintKeySecretName}' (Idempotency:FingerprintKeySecretName)";
            encoded = KeyVaultClients.ReadAtStart(keyVault(), options.FingerprintKeySecretName, source);
        }
        else
        {
            source = "Idempotency:FingerprintKey";
            encoded = SettingOrDevelopmentSample(options, environment);
        }

        var key = TryDecode(encoded) ?? throw new InvalidOperationException(
            $"{source} must be base64 of at least {IdempotencyFingerprint.MinimumKeySize} random bytes.");
        try
        {
            return new IdempotencyFingerprint(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The configured key; in Development the sample key stands in for a missing one.</summary>
    internal static string? SettingOrDevelopmentSample(IdempotencyOptions options, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(options.FingerprintKey) && environment.IsDevelopment()
            ? IdempotencyOptions.SampleFingerprintKey
            : options.FingerprintKey;

    /// <summary>The key's bytes when <paramref name="encoded"/> is base64 of at least the minimum key size; null otherwise.</summary>
    internal static byte[]? TryDecode(string? encoded) =>
        EnvelopeCipher.TryDecodeKey(encoded, IdempotencyFingerprint.MinimumKeySize, int.MaxValue);
}
