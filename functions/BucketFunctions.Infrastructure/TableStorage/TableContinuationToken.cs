using System.Buffers.Text;
using System.Text;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Where a query resumes: the service's NextPartitionKey/NextRowKey pair, carried to clients as one opaque
/// URL-safe string so they cannot depend on (or tamper meaningfully with) its parts.
/// </summary>
public sealed record TableContinuationToken(string NextPartitionKey, string? NextRowKey)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(NextPartitionKey + "\n" + (NextRowKey ?? string.Empty)));

    public static bool TryParse(string? value, out TableContinuationToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(value) || value.Length > 4096)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0 || text.AsSpan(newline + 1).Contains('\n'))
        {
            return false;
        }

        var rowKey = text[(newline + 1)..];
        token = new TableContinuationToken(text[..newline], rowKey.Length == 0 ? null : rowKey);
        return true;
    }
}
