namespace BucketFunctions.Core.Validation;

/// <summary>
/// The ids this service mints (buckets, provider keys): GUIDs, in the form responses show them. Anything else cannot
/// name one and never reaches storage.
/// </summary>
public static class ResourceIds
{
    public static bool TryParse(string? value, out Guid id)
    {
        id = Guid.Empty;
        return value is { Length: 36 } && Guid.TryParseExact(value, "D", out id);
    }
}
