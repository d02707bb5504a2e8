using System.Text;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Makes any string a valid PartitionKey/RowKey. The service forbids <c>/ \ # ?</c> and control characters in keys,
/// so those (and <c>%</c>, the escape itself) become <c>%XX</c>; everything else stays readable and keeps its order.
/// </summary>
public static class TableKey
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value <see cref="Encode"/> made <paramref name="key"/> from; null when no value encodes to it.</summary>
    public static string? TryDecode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != '%')
            {
                builder.Append(key[i]);
                continue;
            }

            if (i + 2 >= key.Length || !byte.TryParse(key.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
            {
                return null;
            }

            builder.Append((char)code);
            i += 2;
        }

        var value = builder.ToString();
        return Encode(value) == key ? value : null;
    }
}
