using System.Net;
using System.Net.Sockets;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>A loopback listener that counts the connections it accepts and closes them: proof that something was (not) reached.</summary>
internal sealed class CountingListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private int accepted;

    public CountingListener()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public int Accepted => Volatile.Read(ref accepted);

    public void Dispose() => listener.Stop();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
