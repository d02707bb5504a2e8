using System.ComponentModel.DataAnnotations;

namespace BucketFunctions.Core.Idempotency;

/// <summary>Settings section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>
    /// How long a request's hold on its key lasts unless renewed. The running request renews it several times per lease,
    /// so it is never taken over while it runs; when its host dies the renewals stop, and a repeat may take the key over
    /// within this time instead of waiting out the request's whole timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a finished response is replayed; after that the key is free again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Base64 of at least 32 random bytes: the key of the request fingerprints (<see cref="IdempotencyFingerprint"/>).
    /// Not needed when <see cref="FingerprintKeySecretName"/> names a Key Vault secret holding it.
    /// </summary>
    public string? FingerprintKey { get; set; }

    /// <summary>A Key Vault secret (in the vault of <c>Vault:KeyVault:Uri</c>) whose value is the base64 fingerprint key.</summary>
    public string? FingerprintKeySecretName { get; set; }

    /// <summary>
    /// The fingerprint key published in the repository's <c>local.settings.sample.json</c>: for local development only,
    /// refused in every other environment.
    /// </summary>
    public const string SampleFingerprintKey = "40YV8WbW6TYjEDEcWbd1Xdo3ouf4RlUdW+E868hq8FI=";
}
