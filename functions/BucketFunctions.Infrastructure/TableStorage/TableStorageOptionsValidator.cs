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

        if (hasConnectionString)
        {
            try
            {
                TableConnectionString.Parse(options.ConnectionString!);
            }
            catch (FormatException e)
            {
                return ValidateOptionsResult.Fail("Storage:ConnectionString is not usable: " + e.Message);
            }
        }

        return ValidateOptionsResult.Success;
    }
}
