namespace BucketFunctions.Core.Buckets;

/// <summary>
/// One page request: the workspaces to include (null = every workspace), a page size, and the opaque token of the
/// previous page; <see cref="WalletAddress"/>, when set, keeps only the buckets registered with that wallet.
/// </summary>
public sealed record BucketListQuery(IReadOnlyList<string>? Workspaces, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public string? WalletAddress { get; init; }
}
