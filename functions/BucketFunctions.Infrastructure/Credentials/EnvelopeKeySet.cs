using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Security.KeyVault.Secrets;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// Envelope keys kept in a Key Vault secret (<see cref="EnvelopeOptions.KeySetSecretName"/>) instead of settings: JSON
/// <c>{"activeKeyId":"k2","keys":{"k1":"base64 of 32 bytes","k2":"…"}}</c>. Errors name the secret and key ids, never
/// key material.
/// </summary>
public static partial class EnvelopeKeySet
{
    /// <summary>The key set as envelope options; <paramref name="table"/> is carried over from settings.</summary>
    /// <exception cref="InvalidOperationException">The secret cannot be read or is not a key set.</exception>
    public static EnvelopeOptions Load(SecretClient client, string secretName, string table)
    {
        ArgumentNullException.ThrowIfNull(client);
        var value = KeyVaultClients.ReadAtStart(
            client, secretName, $"The envelope key set secret '{secretName}' (Vault:Envelope:KeySetSecretName)");
        return Parse(value, secretName, table);
    }

    /// <exception cref="InvalidOperationException">The value is not a key set.</exception>
    public static EnvelopeOptions Parse(string value, string secretName, string table)
    {
        KeySet? set;
        try
        {
            set = JsonSerializer.Deserialize(value, KeySetJson.Default.KeySet);
        }
        catch (JsonException)
        {
            set = null;
        }

        if (set is not { ActiveKeyId: not null, Keys: { Count: > 0 } })
        {
            throw new InvalidOperationException(
                $"The envelope key set secret '{secretName}' is not JSON of the form " +
                "{\"activeKeyId\":…,\"keys\":{id: base64}} with at least one key.");
        }

        var options = new EnvelopeOptions { ActiveKeyId = set.ActiveKeyId, Table = table };
        foreach (var (id, key) in set.Keys)
        {
            options.Keys[id] = key;
        }

        return options;
    }

    internal sealed record KeySet(
        [property: JsonPropertyName("activeKeyId")] string? ActiveKeyId,
        [property: JsonPropertyName("keys")] Dictionary<string, string>? Keys);

    [JsonSerializable(typeof(KeySet))]
    internal sealed partial class KeySetJson : JsonSerializerContext;
}
