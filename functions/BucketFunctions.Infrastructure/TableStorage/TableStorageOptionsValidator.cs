using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>Fails the start unless exactly one way to reach Table Storage is configured. Never echoes the connection string.</summary>
public sealed class TableStorageOptionsValidator : IValidateOptions<TableStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, TableStorageOptions options)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasServiceUri = !string.IsNullOrWhiteSpace(options.TableServiceUri);
        if (hasConnectionString == hasServiceUri)
        {
            return ValidateOptionsResult.Fail("Set exactly one of Storage:ConnectionString and Storage:TableServiceUri.");
        }

        if (hasServiceUri && !(Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            return ValidateOptionsResult.Fail("Storage:TableServiceUri must be an absolute https URI (managed identity needs TLS).");
        }

        var clientId = options.ManagedIdentityClientId;
        if (!string.IsNullOrWhiteSpace(clientId) && (hasConnectionString || !Guid.TryParse(clientId, out _)))
        {
            return ValidateOptionsResult.Fail(
                "Storage:ManagedIdentityClientId is the client id (a GUID) of the identity used with Storage:TableServiceUri.");
        }

        if (hasConnectionString && !TableClients.IsUsable(options.ConnectionString!))
        {
            return ValidateOptionsResult.Fail("Storage:ConnectionString is not usable: it needs AccountName and AccountKey "
                + "(or a SAS and TableEndpoint), or UseDevelopmentStorage=true.");
        }

        return ValidateOptionsResult.Success;
    }
}
