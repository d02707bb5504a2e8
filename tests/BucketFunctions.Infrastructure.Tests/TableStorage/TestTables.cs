using Azure.Data.Tables;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

/// <summary>A fresh table per test keeps tests independent on the one shared Azurite.</summary>
internal static class TestTables
{
    public static string UniqueName(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..24];

    /// <summary>A client for a new, empty table on the shared Azurite.</summary>
    public static async Task<TableClient> CreateAsync(Azurite azurite, string prefix = "t")
    {
        var table = new TableClient(azurite.ConnectionString, UniqueName(prefix));
        await table.CreateAsync();
        return table;
    }
}
