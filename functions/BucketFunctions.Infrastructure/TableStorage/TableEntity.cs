using System.Collections;
using Azure;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// A Table Storage entity: keys, ETag, timestamp and typed properties. Values are string, bool, int, long, double,
/// DateTimeOffset, Guid or byte[]; the Edm type travels with the value so each round-trips as itself.
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly Dictionary<string, object?> properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey ?? throw new ArgumentNullException(nameof(partitionKey));
        RowKey = rowKey ?? throw new ArgumentNullException(nameof(rowKey));
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public ETag ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public int Count => properties.Count;

    public object? this[string name]
    {
        get => properties.TryGetValue(name, out var value) ? value : null;
        set => properties[name] = value is null || IsSupported(value)
            ? value
            : throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which Table Storage does not store.", nameof(value));
    }

    public bool ContainsKey(string name) => properties.ContainsKey(name);

    public string? GetString(string name) => this[name] as string;

    public bool? GetBoolean(string name) => this[name] as bool?;

    public int? GetInt32(string name) => this[name] switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    /// <summary>The service may send a whole double without a type; integers read as doubles for that reason.</summary>
    public double? GetDouble(string name) => this[name] switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    public DateTimeOffset? GetDateTimeOffset(string name) => this[name] as DateTimeOffset?;

    public Guid? GetGuid(string name) => this[name] as Guid?;

    public byte[]? GetBinary(string name) => this[name] as byte[];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsSupported(object value) =>
        value is string or bool or int or long or double or DateTimeOffset or Guid or byte[];
}
