using System.Net;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Core.Validation;

/// <summary>
/// <c>endpoint</c> (optional): an absolute https URL the service may call. Malformed URLs are
/// <see cref="FieldErrorKind.Invalid"/>; well-formed ones the service refuses to call (plain http, other schemes,
/// private/loopback/link-local/metadata IP literals) are <see cref="FieldErrorKind.EndpointNotAllowed"/>. Host names
/// are not resolved here; the probe checks the resolved addresses at call time.
/// </summary>
public static class EndpointRules
{
    public static FieldError? Check(string value, EndpointOptions options, out Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        endpoint = null;

        // Uri accepts (and keeps) a bidi override or a zero-width space in a host, so refuse them before parsing.
        if (TextRules.HasInvisibleOrBrokenCharacter(value))
        {
            return Invalid("The endpoint must not contain control or invisible formatting characters.");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return Invalid("The endpoint must be an absolute URL with a host, such as 'https://gateway.example.com'.");
        }

        if (HasUserInfo(uri))
        {
            return Invalid("The endpoint must not contain a user name or password; credentials go in key and secret.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return Invalid("The endpoint must not contain a query string or a fragment.");
        }

        var isLoopback = IsLoopbackHost(uri, out var address);
        if (isLoopback && !options.AllowLoopbackHttp)
        {
            return NotAllowed("The endpoint must not point to a loopback address.");
        }

        if (address is not null && !isLoopback && !AddressRules.IsPublic(address))
        {
            return NotAllowed("The endpoint must not point to a private, link-local, metadata or otherwise non-public address.");
        }

        var schemeAllowed = uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && isLoopback && options.AllowLoopbackHttp);
        if (!schemeAllowed)
        {
            return NotAllowed("The endpoint must use https.");
        }

        endpoint = uri;
        return null;
    }

    /// <summary>True when the host is <c>localhost</c> or a loopback IP literal; <paramref name="address"/> is the IP literal, if any.</summary>
    private static bool IsLoopbackHost(Uri uri, out IPAddress? address)
    {
        address = null;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var ip))
        {
            address = ip;
            return AddressRules.IsLoopback(ip);
        }

        return string.Equals(uri.DnsSafeHost.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>User info, even an empty one (<c>https://@host</c>), sits before an '@' in the authority.</summary>
    private static bool HasUserInfo(Uri uri) =>
        uri.UserInfo.Length > 0 || uri.GetComponents(UriComponents.UserInfo | UriComponents.KeepDelimiter, UriFormat.UriEscaped).Length > 0;

    private static FieldError Invalid(string message) => new(RegistrationFields.Endpoint, message);

    private static FieldError NotAllowed(string message) => new(RegistrationFields.Endpoint, message, FieldErrorKind.EndpointNotAllowed);
}
