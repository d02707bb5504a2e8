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
            if (await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Created table {Table}", table.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
