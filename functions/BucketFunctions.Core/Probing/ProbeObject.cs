namespace BucketFunctions.Core.Probing;

/// <summary>The small object a write check creates and deletes again: a hidden, unique name no client would use.</summary>
public static class ProbeObject
{
    public const string Prefix = ".bucketfunctions-probe-";

    public const string Content = "bucketfunctions write check; safe to delete";

    public static string NewName() => Prefix + Guid.NewGuid().ToString("N");
}
