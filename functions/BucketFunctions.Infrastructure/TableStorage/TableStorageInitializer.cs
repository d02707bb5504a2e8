using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Creates the service's tables at start, so no request path pays for (or races on) table creation.</summary>
internal sealed class TableStorageInitializer(IEnumerable<TableClient> tables, ILogger<TableStorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            // The SDK answers an existing table with its 409 response (or none), not an exception.
            var created = await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            if (created?.GetRawResponse().Status is >= 200 and < 300)
            {
                logger.LogInformation("Created table {Table}", table.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
