using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BucketFunctions.Api.Tests.Support;

/// <summary>
/// An S3-compatible endpoint that answers garbage, at the HTTP boundary (a raw loopback listener, so it can also
/// truncate or reset). The probe addresses buckets path-style, so the bucket name picks the misbehaviour: see
/// <see cref="Answers"/>. Any other bucket gets a truncated XML listing.
/// </summary>
public sealed class GarbageS3 : IAsyncDisposable
{
    /// <summary>Bucket name → raw HTTP answer; <c>null</c> resets the connection instead of answering.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Answers = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["garbage-xml"] = Response("200 OK", "application/xml", "<?xml version=\"1.0\"?><ListBucketResult><Name>garbage-xml</Na"),
        ["garbage-json"] = Response("200 OK", "application/json", "{\"buckets\":[1,2,3]}"),
        ["wrong-content-type"] = Response("200 OK", "text/html", "<html><body>Welcome to nginx!</body></html>"),
        ["empty-listing"] = Response("200 OK", "application/xml", string.Empty),
        ["truncated-body"] = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n<?xml version=\"1.0\"?><ListBucketResult>",
        ["error-not-xml"] = Response("500 Internal Server Error", "text/plain", "upstream exploded"),
        ["forbidden-html"] = Response("403 Forbidden", "text/html", "<html>Access denied by proxy</html>"),
        ["error-unknown-code"] = Response("400 Bad Request", "application/xml",
            "<?xml version=\"1.0\"?><Error><Code>WeirdNewError</Code><Message>?</Message></Error>"),
        ["redirect-to-metadata"] = "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ["not-http"] = "SSH-2.0-OpenSSH_9.6\r\n\r\n",
        ["connection-reset"] = null,
    };

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public GarbageS3()
    {
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        stopping.Dispose();
    }

    private static string Response(string status, string contentType, string body) =>
        $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private static async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var path = head.ToString().Split(' ', 3)[1];
                var bucket = path.TrimStart('/').Split('/', '?')[0];
                var answer = Answers.TryGetValue(bucket, out var canned) ? canned : Answers["garbage-xml"];
                if (answer is null)
                {
                    client.Client.LingerState = new LingerOption(true, 0);  // close with RST
                    return;
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
            }
            catch (IOException)
            {
                // the client gave up first
            }
        }
    }
}
