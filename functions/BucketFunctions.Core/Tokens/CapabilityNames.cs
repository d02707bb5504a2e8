namespace BucketFunctions.Core.Tokens;

/// <summary>The wire names of capabilities: <c>listBuckets</c>, <c>readBuckets</c>, <c>writeBuckets</c>, <c>deleteBuckets</c>.</summary>
public static class CapabilityNames
{
    private static readonly (Capability Capability, string Name)[] Names =
    [
        (Capability.ListBuckets, "listBuckets"),
        (Capability.ReadBuckets, "readBuckets"),
        (Capability.WriteBuckets, "writeBuckets"),
        (Capability.DeleteBuckets, "deleteBuckets"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static bool TryParse(string? name, out Capability capability)
    {
        foreach (var (value, wire) in Names)
        {
            if (string.Equals(name, wire, StringComparison.Ordinal))
            {
                capability = value;
                return true;
            }
        }

        capability = Capability.None;
        return false;
    }

    public static IReadOnlyList<string> ToNames(Capability capabilities) =>
        Names.Where(n => capabilities.HasFlag(n.Capability)).Select(n => n.Name).ToList();

    public static string ToName(Capability capability) =>
        Names.Single(n => n.Capability == capability).Name;
}
