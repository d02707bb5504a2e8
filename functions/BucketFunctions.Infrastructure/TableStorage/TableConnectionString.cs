using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// The parts of a storage connection string a Table client needs: <c>UseDevelopmentStorage=true</c>, or
/// <c>AccountName=…;AccountKey=…</c> with an optional <c>TableEndpoint=…</c> (otherwise built from the protocol and suffix).
/// </summary>
public sealed record TableConnectionString(Uri TableEndpoint, AzureNamedKeyCredential Credential)
{
    private const string DevelopmentAccount = "devstoreaccount1";
    // Azurite's published well-known key; not a secret.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static TableConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException("The storage connection string has a segment that is not Name=Value.");
            }

            parts[segment[..equals]] = segment[(equals + 1)..];
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new(new Uri($"{proxy}:10002/{DevelopmentAccount}"), new AzureNamedKeyCredential(DevelopmentAccount, DevelopmentKey));
        }

        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            // Deliberately names no values: a connection string carries a key.
            throw new FormatException("The storage connection string needs AccountName and AccountKey, or UseDevelopmentStorage=true.");
        }

        Uri endpoint;
        if (parts.TryGetValue("TableEndpoint", out var explicitEndpoint))
        {
            endpoint = new Uri(explicitEndpoint.TrimEnd('/'));
        }
        else
        {
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            endpoint = new Uri($"{protocol}://{account}.table.{suffix}");
        }

        return new(endpoint, new AzureNamedKeyCredential(account, key));
    }
}
