using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BucketFunctions.Core.Tokens;

/// <summary>
/// API token format: <c>bft_{tokenId}_{secret}</c> — 32 hex characters of id, then 256 random bits (base64url). The id
/// lets the store find the record; the SHA-256 of the whole token, compared in constant time, proves the rest.
/// </summary>
public static class ApiTokens
{
    private const string Prefix = "bft_";
    private const int IdLength = 32;
    private const int SecretBytes = 32;
    private static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);

    public static (string Token, string TokenId, byte[] Hash) Create()
    {
        var tokenId = Guid.NewGuid().ToString("N");
        var token = Prefix + tokenId + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (token, tokenId, Hash(token));
    }

    public static bool TryReadTokenId(string? token, out string tokenId)
    {
        tokenId = string.Empty;
        if (token is null || token.Length != Prefix.Length + IdLength + 1 + SecretLength
            || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var id = token.Substring(Prefix.Length, IdLength);
        if (!IsTokenId(id))
        {
            return false;
        }

        tokenId = id;
        return true;
    }

    /// <summary>32 lowercase hex characters, as <see cref="Create"/> issues them.</summary>
    public static bool IsTokenId(string? value) =>
        value is { Length: IdLength } && !value.AsSpan().ContainsAnyExcept("0123456789abcdef");

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool Matches(string token, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);
}
