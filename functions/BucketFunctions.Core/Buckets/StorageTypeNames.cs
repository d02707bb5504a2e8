namespace BucketFunctions.Core.Buckets;

/// <summary>The wire names of <see cref="StorageType"/>; <c>BLOB</c> is accepted as an alias of <c>AZURE</c>.</summary>
public static class StorageTypeNames
{
    public static string ToWireName(this StorageType type) => type switch
    {
        StorageType.S3 => "S3",
        StorageType.Gcs => "GCS",
        StorageType.Azure => "AZURE",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static IReadOnlyList<string> WireNames { get; } = Enum.GetValues<StorageType>().Select(t => t.ToWireName()).ToList();

    public static bool TryParse(string? value, out StorageType type)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "S3": type = StorageType.S3; return true;
            case "GCS": type = StorageType.Gcs; return true;
            case "AZURE" or "BLOB": type = StorageType.Azure; return true;
            default: type = default; return false;
        }
    }
}
