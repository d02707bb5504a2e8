namespace BucketFunctions.Core.Buckets;

/// <summary>One page request: optionally one workspace, a page size, and the opaque token of the previous page.</summary>
public sealed record BucketListQuery(string? WorkspaceId, int PageSize, string? ContinuationToken)
{
    public const int MaxPageSize = 200;
}
