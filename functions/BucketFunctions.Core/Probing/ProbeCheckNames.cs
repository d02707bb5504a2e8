namespace BucketFunctions.Core.Probing;

/// <summary>The steps of a credential check, in the order every provider reports them.</summary>
public static class ProbeCheckNames
{
    public const string EndpointAllowed = "endpoint_allowed";
    public const string Reachable = "reachable";
    public const string Authenticated = "authenticated";
    public const string BucketExists = "bucket_exists";
    public const string ListAllowed = "list_allowed";
    public const string WriteAllowed = "write_allowed";
    public const string DeleteAllowed = "delete_allowed";

    /// <summary>The steps of a check, in order: five, or seven when the write check is asked for.</summary>
    public static IReadOnlyList<string> For(bool checkWrite) => checkWrite ? WithWrite : ReadOnly;

    /// <summary>Every step a report may name.</summary>
    public static IReadOnlyList<string> All => WithWrite;

    private static readonly string[] ReadOnly = [EndpointAllowed, Reachable, Authenticated, BucketExists, ListAllowed];

    private static readonly string[] WithWrite = [.. ReadOnly, WriteAllowed, DeleteAllowed];
}
