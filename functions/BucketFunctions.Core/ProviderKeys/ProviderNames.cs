using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Core.ProviderKeys;

/// <summary>
/// The <c>provider</c> of a stored provider key: every storage-type spelling (<see cref="StorageTypeNames"/>: S3, GCS,
/// AZURE, BLOB) and the providers' own names Flashback's client uses (AWS, GCP), plus the S3-compatible services, each
/// naming the storage type its keys open. A key answers with the spelling it was stored with.
/// </summary>
public static class ProviderNames
{
    private static readonly Dictionary<string, StorageType> Aliases = new(StringComparer.Ordinal)
    {
        ["AWS"] = StorageType.S3,
        ["GCP"] = StorageType.Gcs,
        ["WASABI"] = StorageType.S3,
        ["STORJ"] = StorageType.S3,
        ["BACKBLAZE"] = StorageType.S3,
        ["B2"] = StorageType.S3,
        ["CLOUDFLARE"] = StorageType.S3,
        ["R2"] = StorageType.S3,
        ["MINIO"] = StorageType.S3,
        ["DIGITALOCEAN"] = StorageType.S3,
        ["LINODE"] = StorageType.S3,
        ["SCALEWAY"] = StorageType.S3,
        ["IDRIVE"] = StorageType.S3,
        ["OVH"] = StorageType.S3,
        ["FILEBASE"] = StorageType.S3,
        ["HETZNER"] = StorageType.S3,
    };

    /// <summary>Every name a client may send and get back.</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. StorageTypeNames.WireNames, .. Aliases.Keys];

    /// <summary>Any case, surrounding spaces ignored; <paramref name="spelling"/> is the name upper-cased, as it is kept.</summary>
    public static bool TryParse(string? value, out StorageType type, out string spelling)
    {
        if (StorageTypeNames.TryParse(value, out type, out spelling))
        {
            return true;
        }

        spelling = value?.Trim().ToUpperInvariant() ?? string.Empty;
        if (Aliases.TryGetValue(spelling, out type))
        {
            return true;
        }

        spelling = string.Empty;
        return false;
    }

    /// <summary>The storage type a stored spelling names.</summary>
    public static StorageType StorageTypeOf(string spelling) => TryParse(spelling, out var type, out _)
        ? type
        : throw new ArgumentOutOfRangeException(nameof(spelling), spelling, "Not a provider name.");
}
