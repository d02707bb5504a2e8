using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using BucketFunctions.Infrastructure.Hosting;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Builds the one <see cref="TableServiceClient"/> the service uses; every table's <see cref="TableClient"/> comes from
/// it and shares its pipeline. In Azure: the endpoint with the user-assigned managed identity; locally: the connection
/// string (Azurite).
/// </summary>
public static class TableClients
{
    /// <summary>Azure.Core's retries (408, 429, 500, 502, 503, 504, exponential back-off), bounded, and no bodies in logs.</summary>
    public static TableClientOptions CreateOptions()
    {
        var options = new TableClientOptions
        {
            Retry =
            {
                Mode = RetryMode.Exponential,
                MaxRetries = 4,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                NetworkTimeout = TimeSpan.FromSeconds(30),
            },
        };
        options.Diagnostics.IsLoggingContentEnabled = false;
        return options;
    }

    /// <param name="credential">The identity for <see cref="TableStorageOptions.TableServiceUri"/>; by default
    /// <see cref="DefaultAzureCredential"/> with <see cref="TableStorageOptions.ManagedIdentityClientId"/>.</param>
    public static TableServiceClient CreateService(
        TableStorageOptions settings, TokenCredential? credential = null, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options ??= CreateOptions();
        return string.IsNullOrWhiteSpace(settings.TableServiceUri)
            ? new TableServiceClient(settings.ConnectionString, options)
            : new TableServiceClient(
                new Uri(settings.TableServiceUri), credential ?? AzureIdentity.DefaultCredential(settings.ManagedIdentityClientId), options);
    }

    /// <summary>Whether the SDK can build a client from the connection string. Its parse errors are not passed on: they may quote it.</summary>
    internal static bool IsUsable(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            return false;
        }
    }
}
