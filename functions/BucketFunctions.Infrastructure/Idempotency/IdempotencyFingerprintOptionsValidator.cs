using System.Security.Cryptography;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Credentials;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Idempotency;

/// <summary>
/// Checks the fingerprint key settings at start: a Key Vault secret name needs <c>Vault:KeyVault:Uri</c>; otherwise
/// <c>Idempotency:FingerprintKey</c> must be base64 of at least 32 bytes and, outside Development, not the sample key.
/// </summary>
public sealed class IdempotencyFingerprintOptionsValidator(IHostEnvironment environment, IOptions<VaultOptions> vault)
    : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.FingerprintKeySecretName))
        {
            var failures = KeyVaultOptionsValidator.UriFailures(vault.Value.KeyVault?.Uri, "Idempotency:FingerprintKeySecretName is set")
                .ToList();
            if (!KeyVaultSecretNames.IsValid(options.FingerprintKeySecretName))
            {
                failures.Add("Idempotency:FingerprintKeySecretName must be 1-127 letters, digits and '-'.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        var key = IdempotencyFingerprintKey.TryDecode(IdempotencyFingerprintKey.SettingOrDevelopmentSample(options, environment));
        if (key is null)
        {
            return ValidateOptionsResult.Fail(
                $"Idempotency:FingerprintKey is required: base64 of at least {IdempotencyFingerprint.MinimumKeySize} random bytes " +
                "(or name a Key Vault secret holding it in Idempotency:FingerprintKeySecretName).");
        }

        var sample = Convert.FromBase64String(IdempotencyOptions.SampleFingerprintKey);
        var isSample = CryptographicOperations.FixedTimeEquals(key, sample);
        CryptographicOperations.ZeroMemory(key);
        return isSample && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                "Idempotency:FingerprintKey is the sample key published with the repository, which is for local development only; " +
                $"configure a real key (32 random bytes, base64) for the '{environment.EnvironmentName}' environment.")
            : ValidateOptionsResult.Success;
    }
}
