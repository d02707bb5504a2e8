using System.Net;
using System.Net.Sockets;

namespace BucketFunctions.Testing.Network;

/// <summary>
/// A loopback port that relays every connection to a real provider (s3rver), byte for byte, until it is told to stop
/// answering: then open connections are cut and new ones reset at once, as a provider that went away. Resumes on cue.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly List<Socket> open = [];
    private volatile bool answering = true;

    public TcpRelay(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = new IPEndPoint(IPAddress.Loopback, target.Port);
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Cuts every relayed connection and resets new ones until <see cref="Resume"/>.</summary>
    public void StopAnswering()
    {
        answering = false;
        lock (open)
        {
            open.ForEach(Cut);
            open.Clear();
        }
    }

    public void Resume() => answering = true;

    public void Dispose()
    {
        listener.Stop();
        StopAnswering();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptSocketAsync();
                if (!answering)
                {
                    Cut(client);
                    continue;
                }

                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (open)
        {
            open.Add(client);
            open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(target);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut.
        }
        finally
        {
            Cut(client);
            Cut(upstream);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side went away.
        }
    }

    /// <summary>A reset, not a graceful close: the client sees the provider drop it.</summary>
    private static void Cut(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
