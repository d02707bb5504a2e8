namespace BucketFunctions.Core.Buckets;

/// <summary>
/// The wire names of <see cref="StorageType"/>. <c>BLOB</c>, the name Flashback's client gives Azure Blob Storage, and
/// <c>AZURE</c>, the name its REST documentation gives it, both mean <see cref="StorageType.Azure"/>: a bucket keeps the
/// spelling it was registered with and answers with it, so a client gets back the value of its own enum.
/// </summary>
public static class StorageTypeNames
{
    public const string Blob = "BLOB";

    public static string ToWireName(this StorageType type) => type switch
    {
        StorageType.S3 => "S3",
        StorageType.Gcs => "GCS",
        StorageType.Azure => "AZURE",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Every spelling a client may send and get back.</summary>
    public static IReadOnlyList<string> WireNames { get; } = [.. Enum.GetValues<StorageType>().Select(t => t.ToWireName()), Blob];

    public static bool TryParse(string? value, out StorageType type) => TryParse(value, out type, out _);

    /// <summary>Any case, surrounding spaces ignored; <paramref name="spelling"/> is the wire name as given (BLOB stays BLOB).</summary>
    public static bool TryParse(string? value, out StorageType type, out string spelling)
    {
        spelling = value?.Trim().ToUpperInvariant() ?? string.Empty;
        switch (spelling)
        {
            case "S3": type = StorageType.S3; return true;
            case "GCS": type = StorageType.Gcs; return true;
            case "AZURE" or Blob: type = StorageType.Azure; return true;
            default: type = default; spelling = string.Empty; return false;
        }
    }
}
