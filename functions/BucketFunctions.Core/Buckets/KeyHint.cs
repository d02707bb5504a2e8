namespace BucketFunctions.Core.Buckets;

/// <summary>A recognizable but harmless fragment of an access key: at most the first 4 and last 4 characters, never more than half of it.</summary>
public static class KeyHint
{
    public static string For(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var shown = Math.Min(4, key.Length / 4);
        return shown == 0 ? "****" : $"{key[..shown]}...{key[^shown..]}";
    }
}
