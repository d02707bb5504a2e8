using System.Globalization;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// An Azure SAS token as clients paste it: its parameters in any order, with or without a leading <c>?</c> (the portal's
/// tokens start with <c>sp=</c>). It must carry a signature (<c>sig</c>) and a version (<c>sv</c>); <see cref="ExpiresAt"/>
/// is its <c>se</c>, when it has one (a service SAS bound to a stored access policy may not).
/// </summary>
public sealed class SasToken
{
    private static readonly string[] ExpiryFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    private SasToken(string query, DateTimeOffset? expiresAt)
    {
        Query = query;
        ExpiresAt = expiresAt;
    }

    /// <summary>The token as a query string without the leading <c>?</c>, exactly as given (still URL-encoded).</summary>
    public string Query { get; }

    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>True when a value is meant as a SAS token rather than an account key: a query string naming <c>sig</c>.</summary>
    public static bool LooksLikeSas(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var query = value.StartsWith('?') ? value[1..] : value;
        return query.Split('&').Any(p => p.StartsWith("sig=", StringComparison.Ordinal)) || value.StartsWith('?') || value.Contains('&');
    }

    /// <summary>Parses a token; <paramref name="error"/> says what is wrong (never quoting the value) when it is not one.</summary>
    public static SasToken? Parse(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        var query = value.StartsWith('?') ? value[1..] : value;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || part.Any(c => c is <= ' ' or > '~'))
            {
                error = "A SAS token must be a query string of name=value parameters (visible ASCII, separated by '&').";
                return null;
            }

            var decoded = Uri.UnescapeDataString(part[(equals + 1)..]);
            if (!parameters.TryAdd(part[..equals], decoded))
            {
                error = "A SAS token must name each parameter once.";
                return null;
            }
        }

        if (!parameters.TryGetValue("sig", out var signature) || signature.Length == 0)
        {
            error = "A SAS token must carry its signature (sig).";
            return null;
        }

        if (!parameters.ContainsKey("sv"))
        {
            error = "A SAS token must carry its version (sv).";
            return null;
        }

        DateTimeOffset? expiresAt = null;
        if (parameters.TryGetValue("se", out var se))
        {
            if (!DateTimeOffset.TryParseExact(se, ExpiryFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                error = "A SAS token's expiry (se) must be an ISO 8601 UTC time such as 2030-01-01T00:00:00Z.";
                return null;
            }

            expiresAt = parsed;
        }

        error = null;
        return new SasToken(query, expiresAt);
    }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;
}
