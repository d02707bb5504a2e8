using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>
/// Sends bytes as they are to a Kestrel server on loopback and reads one HTTP/1.1 answer: for what the in-process test
/// server cannot send (broken chunked framing, a body that stops arriving, conflicting framing headers).
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// The app on real Kestrel on a free loopback port, over the same tables as <paramref name="tablesOf"/>, refusing a
    /// request body slower than 100 bytes/s after 2 s so a slow-body case answers quickly.
    /// </summary>
    public static ApiFactory StartKestrel(Azurite azurite, ApiFactory tablesOf)
    {
        var kestrel = new ApiFactory(azurite, new Dictionary<string, string?>
        {
            ["Storage:TenantsTable"] = tablesOf.TenantsTable,
            ["Storage:TokensTable"] = tablesOf.TokensTable,
            ["Storage:HealthTable"] = tablesOf.HealthTable,
            ["Vault:Envelope:Table"] = tablesOf.CredentialsTable,
        });
        kestrel.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2));
        });
        kestrel.StartServer();
        return kestrel;
    }

    /// <summary>The loopback port a factory started with <see cref="StartKestrel"/> listens on.</summary>
    public static int PortOf(ApiFactory server) =>
        new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    /// <summary>Writes <paramref name="request"/>, waits <paramref name="pause"/>, and returns the status and body of the answer.</summary>
    public static async Task<(int Status, string Body)> SendAsync(int port, byte[] request, TimeSpan pause = default)
    {
        var (status, _, body) = await ExchangeAsync(port, request, pause);
        return (status, body);
    }

    /// <summary>As <see cref="SendAsync"/>, with the answer's media type (null when it has no Content-Type).</summary>
    public static async Task<(int Status, string? MediaType, string Body)> ExchangeAsync(int port, byte[] request, TimeSpan pause = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        await Task.Delay(pause);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = new StringBuilder();
        try
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Append(buffer, 0, read);
                if (response.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && Complete(response.ToString()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The server may close or reset the connection right after its answer.
        }

        var text = response.ToString();
        var status = int.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var head = bodyStart < 4 ? text : text[..bodyStart];
        var contentType = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        var mediaType = contentType is null ? null : contentType["Content-Type:".Length..].Split(';')[0].Trim();
        return (status, mediaType, bodyStart < 4 ? string.Empty : text[bodyStart..]);
    }

    private static bool Complete(string response)
    {
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var length = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is null || response.Length - head.Length - 4 >= int.Parse(length[15..].Trim(), CultureInfo.InvariantCulture);
    }
}
