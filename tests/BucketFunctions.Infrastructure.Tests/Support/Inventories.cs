using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Infrastructure.Tests.Support;

internal static class Inventories
{
    /// <summary>Everything the vault lists, in one list.</summary>
    public static async Task<List<CredentialEntry>> EntriesAsync(this ICredentialInventory inventory)
    {
        var entries = new List<CredentialEntry>();
        await foreach (var entry in inventory.ListAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
