using Azure.Data.Tables;
using BucketFunctions.Core.Health;

namespace BucketFunctions.Infrastructure.Health;

/// <summary>A table answers an authenticated point read (of a row that need not exist) within the health bound.</summary>
internal sealed class TableHealthCheck(string name, TableClient table) : IHealthCheck
{
    public string Name { get; } = name;

    public Task CheckAsync(CancellationToken cancellationToken) =>
        table.GetEntityIfExistsAsync<TableEntity>("health", "probe", ["PartitionKey"], cancellationToken);
}
