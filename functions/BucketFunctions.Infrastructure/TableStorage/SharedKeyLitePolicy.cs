using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BucketFunctions.Infrastructure.TableStorage;

/// <summary>
/// Signs each request (each retry too, since the date changes) with the Table service's Shared Key Lite scheme:
/// HMAC-SHA256 over <c>x-ms-date + "\n" + "/" + account + path [+ "?comp=" + value]</c>.
/// </summary>
internal sealed class SharedKeyLitePolicy(AzureNamedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);

        credential.Deconstruct(out var account, out var key);
        var uri = message.Request.Uri.ToUri();
        var resource = new StringBuilder("/").Append(account).Append(uri.AbsolutePath);
        var comp = System.Web.HttpUtility.ParseQueryString(uri.Query)["comp"];
        if (comp is not null)
        {
            resource.Append("?comp=").Append(comp);
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(key));
        var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(date + "\n" + resource)));
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKeyLite {account}:{signature}");
    }
}
