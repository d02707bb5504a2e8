using System.Globalization;
using System.Text.Json;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;

namespace BucketFunctions.Api.Http;

/// <summary>
/// Typed, forgiving-where-safe access to a body's fields: absent or null reads as null, unknown fields are ignored,
/// and a field of the wrong JSON type is noted (never quoted) so the request fails as malformed naming every such field.
/// </summary>
public sealed class JsonFields(JsonElement root, byte[] body)
{
    private byte[]? bodyHash;

    /// <summary>SHA-256 of the body as sent, part of what "the same request" means for an Idempotency-Key; computed on first use.</summary>
    public byte[] BodyHash => bodyHash ??= System.Security.Cryptography.SHA256.HashData(body);

    private readonly List<FieldError> typeErrors = [];

    /// <summary>Set when some field had the wrong type (<see cref="Read{T}"/> returns it).</summary>
    internal Failure? TypeFailure => typeErrors.Count == 0
        ? null
        : new Failure(FailureKind.MalformedRequest, "Malformed request", $"Wrong JSON type for: {string.Join(", ", typeErrors.Select(e => e.Field))}.") { Errors = typeErrors };

    public bool Has(string name) => root.TryGetProperty(name, out _);

    /// <summary>True when the field is present as JSON <c>null</c> (a partial update's way to clear a value).</summary>
    public bool IsNull(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Null;

    /// <summary>Builds a value from the fields; fails as malformed, naming every field of the wrong JSON type, if any was.</summary>
    public Result<T> Read<T>(Func<JsonFields, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var value = read(this);
        return TypeFailure is { } malformed ? malformed : value;
    }

    public SecretString? Secret(string name) => String(name) is { } value ? new SecretString(value) : null;

    public string? String(string name) =>
        Field(name, "a string", value => value.ValueKind == JsonValueKind.String ? value.GetString() : null);

    public int? Int32(string name) =>
        Field<int?>(name, "a whole number", value =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null);

    public IReadOnlyList<string>? StringArray(string name) =>
        Field(name, "an array of strings", value =>
            value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String)
                ? value.EnumerateArray().Select(item => item.GetString()!).ToList()
                : null);

    /// <summary>
    /// A nested object read with <see cref="ApiJson.StrictRead"/>. A member of the wrong type or unknown is noted with its
    /// path (<c>provision.corsRules[0].maxAgeSeconds</c>), never its value.
    /// </summary>
    public T? Object<T>(string name)
        where T : class
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        try
        {
            return value.ValueKind == JsonValueKind.Object ? value.Deserialize<T>(ApiJson.StrictRead) : WrongType<T>(name, "an object");
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p && p.StartsWith('$') ? p[1..] : string.Empty;
            typeErrors.Add(new FieldError(name + path, $"{name}{path} is not a known field of the right JSON type."));
            return null;
        }
    }

    public DateTimeOffset? Timestamp(string name) =>
        Field<DateTimeOffset?>(name, "an ISO 8601 timestamp string", value =>
            value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
                ? timestamp
                : null);

    /// <summary>
    /// A present, non-null field as <paramref name="read"/> reads it; when that gives null the field had the wrong JSON type,
    /// and is noted as one that must be <paramref name="expected"/>.
    /// </summary>
    private T? Field<T>(string name, string expected, Func<JsonElement, T?> read) =>
        !TryGet(name, out var value) ? default : read(value) ?? WrongType<T>(name, expected);

    private T? WrongType<T>(string name, string expected)
    {
        typeErrors.Add(new FieldError(name, $"The {name} field must be {expected}."));
        return default;
    }

    private bool TryGet(string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
}
