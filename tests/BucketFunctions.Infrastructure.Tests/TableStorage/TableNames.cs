namespace BucketFunctions.Infrastructure.Tests.TableStorage;

/// <summary>A fresh table per test keeps tests independent on the one shared Azurite.</summary>
internal static class TableNames
{
    public static string Unique(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..24];
}
