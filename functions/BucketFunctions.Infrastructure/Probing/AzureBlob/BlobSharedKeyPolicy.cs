using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.Probing.AzureBlob;

/// <summary>
/// Signs each request with the Blob service's Shared Key scheme (versions 2009-09-19 and later): HMAC-SHA256, keyed with
/// the account key, over the verb, the standard headers, the canonicalized <c>x-ms-</c> headers and the canonicalized
/// resource (<c>/account/path</c> and each query parameter as <c>\nname:value</c>, names lower-cased and sorted).
/// </summary>
internal sealed class BlobSharedKeyPolicy(string account, byte[] key) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(StringToSign(request, account))));
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {account}:{signature}");
    }

    internal static string StringToSign(Request request, string account)
    {
        var builder = new StringBuilder(request.Method.Method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = name == "Content-Length" ? ContentLength(request) : request.Headers.TryGetValue(name, out var v) ? v : string.Empty;
            builder.Append(value).Append('\n');
        }

        foreach (var header in request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        var uri = request.Uri.ToUri();
        builder.Append('/').Append(account).Append(uri.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var names = query.AllKeys.Where(k => k is not null).Select(k => k!);
        foreach (var name in names.OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var values = query.GetValues(name) ?? [];
            builder.Append('\n').Append(name.ToLowerInvariant()).Append(':')
                .Append(string.Join(',', values.OrderBy(v => v, StringComparer.Ordinal)));
        }

        return builder.ToString();
    }

    /// <summary>Empty when there is no body, as the scheme requires from version 2015-02-21 on.</summary>
    private static string ContentLength(Request request) =>
        request.Content is { } content && content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
}
