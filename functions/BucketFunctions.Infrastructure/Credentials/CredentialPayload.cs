using System.Text.Json;
using System.Text.Json.Serialization;
using BucketFunctions.Core.Credentials;

namespace BucketFunctions.Infrastructure.Credentials;

/// <summary>
/// A credential as both vaults store it: JSON <c>{"key":…,"secret":…}</c> (sealed by the envelope vault, a secret's
/// value in Key Vault). Parse failures say which bucket, never what was read.
/// </summary>
internal static partial class CredentialPayload
{
    public static byte[] ToUtf8(StorageCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(credential.Key);
        ArgumentNullException.ThrowIfNull(credential.Secret);
        return JsonSerializer.SerializeToUtf8Bytes(new Payload(credential.Key, credential.Secret.Reveal()), PayloadJson.Default.Payload);
    }

    public static string ToJson(StorageCredential credential) =>
        JsonSerializer.Serialize(new Payload(credential.Key, credential.Secret.Reveal()), PayloadJson.Default.Payload);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The value is not a payload we wrote.</exception>
    public static StorageCredential Parse(ReadOnlySpan<byte> utf8, CredentialScope scope)
    {
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(utf8, PayloadJson.Default.Payload);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is not { Key: not null, Secret: not null })
        {
            // Authentic but not a payload we wrote: say so without echoing any of it.
            throw new System.Security.Cryptography.CryptographicException(
                $"The credential entry for bucket {scope.BucketId:N} holds an unreadable payload.");
        }

        return new StorageCredential(payload.Key, new SecretString(payload.Secret));
    }

    internal sealed record Payload(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("secret")] string Secret);

    [JsonSerializable(typeof(Payload))]
    internal sealed partial class PayloadJson : JsonSerializerContext;
}
