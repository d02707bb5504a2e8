using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// A fake S3 at the HTTP boundary: a raw loopback listener answering every request with one canned HTTP response, so
/// the real AWS client parses real S3 error documents. Records each request's head (request line and headers).
/// </summary>
internal sealed class FakeS3 : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<string, string> respond;
    private readonly Task loop;

    private FakeS3(Func<string, string> respond)
    {
        this.respond = respond;
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>An S3 error document, as S3 sends it.</summary>
    public static FakeS3 Error(int status, string code, string message, string? extraXml = null, params (string Name, string Value)[] headers) =>
        Answer(status, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>{extraXml}" +
            "<RequestId>4442587FB7D0A2F9</RequestId><HostId>fake</HostId></Error>", headers);

    public static FakeS3 Answer(int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response(status, body, headers);
        return new FakeS3(_ => response);
    }

    /// <summary>A fake whose answer depends on the request: <paramref name="respond"/> maps a request head to a <see cref="Response"/>.</summary>
    public static FakeS3 Answering(Func<string, string> respond) => new(respond);

    /// <summary>Raw bytes as the whole answer (a truncated or broken response); the connection is closed after them.</summary>
    public static FakeS3 Raw(string response) => new(_ => response);

    /// <summary>One HTTP response as S3 would frame it.</summary>
    public static string Response(int status, string body, params (string Name, string Value)[] headers)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n")
            .Append("Content-Type: application/xml\r\n")
            .Append("Content-Length: ").Append(bytes).Append("\r\n")
            .Append("x-amz-request-id: 4442587FB7D0A2F9\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return head.Append("\r\n").Append(body).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(socket));
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[16 * 1024];
                var received = 0;
                string? head = null;
                while (received < buffer.Length)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(received), stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received += read;
                    var text = Encoding.ASCII.GetString(buffer, 0, received);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        head = text[..end];
                        Requests.Enqueue(head);
                        break;
                    }
                }

                if (head is null)
                {
                    return;
                }

                await socket.SendAsync(Encoding.UTF8.GetBytes(respond(head)), stopping.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the fake is stopping.
            }
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
