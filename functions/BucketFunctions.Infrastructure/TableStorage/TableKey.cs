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
}
