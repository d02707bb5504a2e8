using System.Security.Cryptography;
using System.Text;

namespace BucketFunctions.Testing.Emulators;

/// <summary>
/// SAS tokens made the documented way, independently of the code under test: HMAC-SHA256 with the account key over the
/// string-to-sign of version 2020-12-06 and later, which Azurite checks for real. Parameters come back as pairs so a
/// test can order them as it likes.
/// </summary>
public static class AzureBlobSas
{
    public const string Version = "2022-11-02";

    /// <summary>A service SAS for one container (<c>sr=c</c>) with permissions <paramref name="permissions"/>.</summary>
    public static List<(string Name, string Value)> Service(string container, string permissions, DateTimeOffset expiry)
    {
        var se = Format(expiry);
        var stringToSign = string.Join('\n',
            permissions, string.Empty, se, $"/blob/{Azurite.AccountName}/{container}", string.Empty, string.Empty, string.Empty,
            Version, "c", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        return [("sv", Version), ("sr", "c"), ("sp", permissions), ("se", se), ("sig", Sign(stringToSign))];
    }

    /// <summary>An account SAS for the Blob service, every resource type (<c>srt=sco</c>), with <paramref name="permissions"/>.</summary>
    public static List<(string Name, string Value)> Account(string permissions, DateTimeOffset expiry)
    {
        var se = Format(expiry);
        var stringToSign = string.Join('\n',
            Azurite.AccountName, permissions, "b", "sco", string.Empty, se, string.Empty, string.Empty, Version, string.Empty,
            string.Empty);
        return [("sv", Version), ("ss", "b"), ("srt", "sco"), ("sp", permissions), ("se", se), ("sig", Sign(stringToSign))];
    }

    /// <summary>The token as a query string, parameters in the given order, URL-encoded, with an optional leading '?'.</summary>
    public static string Token(IEnumerable<(string Name, string Value)> parameters, bool leadingQuestionMark = false) =>
        (leadingQuestionMark ? "?" : string.Empty) + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(Azurite.AccountKey), Encoding.UTF8.GetBytes(stringToSign)));
}
