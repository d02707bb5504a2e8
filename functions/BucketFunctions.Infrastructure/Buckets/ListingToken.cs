using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Infrastructure.Buckets;

/// <summary>
/// A bucket listing's continuation token as clients see it: the table's resume point plus a check value over it and
/// the listing it belongs to (organization and filter). A token that was altered, or is replayed on another listing,
/// is refused. The check is a digest, not a signature: the organization and workspace filter are applied on the
/// server every time, so a forged token could at most move within the caller's own rows.
/// </summary>
internal static class ListingToken
{
    private const int CheckLength = 12;

    public static string Seal(TableContinuationToken resume, string listing)
    {
        var inner = resume.ToString();
        return inner + "." + Base64Url.EncodeToString(Check(inner, listing));
    }

    public static bool TryOpen(string token, string listing, out TableContinuationToken? resume)
    {
        resume = null;
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || token.Length > 4096)
        {
            return false;
        }

        var inner = token[..dot];
        byte[] presented;
        try
        {
            presented = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Check(inner, listing)) && TableContinuationToken.TryParse(inner, out resume);
    }

    private static byte[] Check(string inner, string listing) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(listing + "\n" + inner))[..CheckLength];
}
