using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// A query's continuation token as clients see it: the SDK's resume point (opaque to us too), URL-safe, plus a check
/// value over it and the query it belongs to (<c>scope</c>: the organization and filter of a listing, say). A token
/// that was altered, or is replayed on another query, is refused. The check is a digest, not a signature: the filter is
/// applied on the server every time, so a forged token could at most move within the rows the caller may see anyway.
/// </summary>
internal static class PageToken
{
    private const int CheckLength = 12;
    private const int MaxLength = 4096;

    public static string Seal(string resume, string scope)
    {
        var inner = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(resume));
        return inner + "." + Base64Url.EncodeToString(Check(inner, scope));
    }

    public static bool TryOpen(string token, string scope, out string? resume)
    {
        resume = null;
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || token.Length > MaxLength)
        {
            return false;
        }

        var inner = token[..dot];
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(token.AsSpan(dot + 1)), Check(inner, scope)))
            {
                return false;
            }

            resume = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(inner));
            return resume.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Check(string inner, string scope) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + inner))[..CheckLength];
}
