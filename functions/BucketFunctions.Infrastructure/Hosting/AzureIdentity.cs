using Azure.Identity;

namespace BucketFunctions.Infrastructure.Hosting;

/// <summary>The identity the service reaches Azure with, for Table Storage and Key Vault alike.</summary>
internal static class AzureIdentity
{
    /// <summary>
    /// DefaultAzureCredential, with the user-assigned managed identity's client id when one is configured; left unset
    /// otherwise, so the SDK's own default (AZURE_CLIENT_ID) still applies.
    /// </summary>
    public static DefaultAzureCredential DefaultCredential(string? managedIdentityClientId)
    {
        var options = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(managedIdentityClientId))
        {
            options.ManagedIdentityClientId = managedIdentityClientId;
        }

        return new DefaultAzureCredential(options);
    }
}
