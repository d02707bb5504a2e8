namespace BucketFunctions.Core.Tokens;

/// <summary>What a token may do with buckets.</summary>
[Flags]
public enum Capability
{
    None = 0,
    ListBuckets = 1,
    ReadBuckets = 2,
    WriteBuckets = 4,
    DeleteBuckets = 8,
}
