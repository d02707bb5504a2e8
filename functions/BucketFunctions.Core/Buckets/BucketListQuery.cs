namespace BucketFunctions.Core.Buckets;

/// <summary>
/// One page request: the workspaces to include (null = every workspace), a page size, and the opaque token of the
/// previous page.
/// </summary>
public sealed record BucketListQuery(IReadOnlyList<string>? Workspaces, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
}
