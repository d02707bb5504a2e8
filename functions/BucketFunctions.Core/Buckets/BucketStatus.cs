namespace BucketFunctions.Core.Buckets;

/// <summary>What the last credential check found.</summary>
public enum BucketStatus
{
    Verified,
    Unverified,
    Failing,
}
