using Azure.Data.Tables;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// OData <c>$filter</c> fragments; values are quoted by <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, so
/// callers never concatenate raw input.
/// </summary>
public static class TableOData
{
    public static string Equal(string property, string value) => property + TableClient.CreateQueryFilter($" eq {value}");

    /// <summary>Rows whose key starts with <paramref name="prefix"/>: <c>key ge prefix and key lt prefix⁺</c>.</summary>
    public static string StartsWith(string keyProperty, string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return Between(keyProperty, prefix, prefix[..^1] + (char)(prefix[^1] + 1));
    }

    /// <summary>Rows whose key is at least <paramref name="from"/> and below <paramref name="until"/>.</summary>
    public static string Between(string keyProperty, string from, string until) =>
        keyProperty + TableClient.CreateQueryFilter($" ge {from} and ") + keyProperty + TableClient.CreateQueryFilter($" lt {until}");

    /// <summary>Rows whose property equals any of the values; no row when there are none.</summary>
    public static string AnyEqual(string property, IReadOnlyCollection<string> values) =>
        values.Count == 0 ? "PartitionKey eq '' and PartitionKey ne ''" : string.Join(" or ", values.Select(v => "(" + Equal(property, v) + ")"));

    public static string And(params string?[] clauses) =>
        string.Join(" and ", clauses.Where(c => !string.IsNullOrEmpty(c)).Select(c => "(" + c + ")"));
}
