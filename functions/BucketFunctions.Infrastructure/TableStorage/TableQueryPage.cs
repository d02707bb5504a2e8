namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>One page of a query; <see cref="ContinuationToken"/> is null when there is nothing more.</summary>
public sealed record TableQueryPage(IReadOnlyList<TableEntity> Entities, TableContinuationToken? ContinuationToken);
