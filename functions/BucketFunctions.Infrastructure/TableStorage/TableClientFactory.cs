using Azure.Identity;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Builds clients for the configured account: connection string locally, managed identity in Azure.</summary>
public sealed class TableClientFactory(IOptions<TableStorageOptions> options)
{
    private readonly Lazy<DefaultAzureCredential> identity = new(() => new DefaultAzureCredential());

    public TableClient Create(string tableName)
    {
        var settings = options.Value;
        return !string.IsNullOrWhiteSpace(settings.TableServiceUri)
            ? new TableClient(new Uri(settings.TableServiceUri), tableName, identity.Value)
            : new TableClient(settings.ConnectionString!, tableName);
    }
}
