namespace BucketFunctions.Core.Credentials;

/// <summary>
/// A secret that cannot leak by accident: it prints, formats and interpolates as a placeholder, so it stays out of
/// records' generated ToString, log templates and exception messages. Only <see cref="Reveal"/> gives the value.
/// JSON serialisation writes the placeholder too (<see cref="SecretStringJsonConverter"/>).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SecretStringJsonConverter))]
public sealed class SecretString : IEquatable<SecretString>
{
    public const string Placeholder = "[redacted]";
    private readonly string value;

    public SecretString(string value) => this.value = value ?? throw new ArgumentNullException(nameof(value));

    public int Length => value.Length;

    public string Reveal() => value;

    public override string ToString() => Placeholder;

    public bool Equals(SecretString? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(value), System.Text.Encoding.UTF8.GetBytes(other.value));

    public override bool Equals(object? obj) => Equals(obj as SecretString);

    public override int GetHashCode() => value.Length;
}
