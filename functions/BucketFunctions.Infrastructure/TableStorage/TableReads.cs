using Azure.Data.Tables;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Point reads that answer a missing row with null, as every store here wants.</summary>
internal static class TableReads
{
    public static Task<TableEntity?> FindAsync(
        this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
        table.FindAsync(partitionKey, rowKey, null, cancellationToken);

    /// <param name="select">The properties to read (the keys and ETag come anyway); null for all.</param>
    public static async Task<TableEntity?> FindAsync(
        this TableClient table, string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>A point read mapped to the store's own type; null when the row is missing.</summary>
    public static async Task<T?> FindAsync<T>(
        this TableClient table, string partitionKey, string rowKey, Func<TableEntity, T> map, CancellationToken cancellationToken)
        where T : class =>
        await table.FindAsync(partitionKey, rowKey, cancellationToken).ConfigureAwait(false) is { } entity ? map(entity) : null;
}
