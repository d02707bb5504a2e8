using System.Text.Json;
using System.Text.Json.Serialization;

namespace BucketFunctions.Core.Credentials;

/// <summary>
/// Serialises a <see cref="SecretString"/> as its placeholder, so a secret logged or returned as JSON by accident shows
/// nothing. Reading accepts a JSON string, so request bodies can still bind one.
/// </summary>
public sealed class SecretStringJsonConverter : JsonConverter<SecretString>
{
    public override SecretString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? new SecretString(reader.GetString()!)
            : throw new JsonException("A secret is a JSON string.");

    public override void Write(Utf8JsonWriter writer, SecretString value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(SecretString.Placeholder);
    }
}
