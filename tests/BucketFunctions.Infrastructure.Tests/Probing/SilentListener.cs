using System.Net;
using System.Net.Sockets;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>Accepts connections on loopback and never writes a byte.</summary>
internal sealed class SilentListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> held = [];
    private int accepted;

    public SilentListener()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public int Accepted => Volatile.Read(ref accepted);

    public void Dispose()
    {
        listener.Stop();
        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
                lock (held)
                {
                    held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
