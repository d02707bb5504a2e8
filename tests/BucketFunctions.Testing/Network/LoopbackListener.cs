using System.Net;
using System.Net.Sockets;

namespace BucketFunctions.Testing.Network;

/// <summary>A provider endpoint on loopback that accepts connections, reads what is sent, and then stalls or resets.</summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> held = [];
    private readonly bool reset;
    private int accepted;

    /// <param name="reset">True: answer every request with a TCP reset; false: never write a byte.</param>
    public LoopbackListener(bool reset = false)
    {
        this.reset = reset;
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

                if (reset)
                {
                    _ = ResetAsync(socket);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private static async Task ResetAsync(Socket socket)
    {
        try
        {
            await socket.ReceiveAsync(new byte[4096], SocketFlags.None);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
