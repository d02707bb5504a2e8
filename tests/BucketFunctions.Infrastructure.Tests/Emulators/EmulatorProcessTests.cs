using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace BucketFunctions.Infrastructure.Tests.Emulators;

public sealed class EmulatorProcessTests
{
    [Fact]
    public async Task A_missing_emulator_fails_with_a_message_that_says_to_run_npm_ci()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorProcess.StartAsync(
            "no-such-emulator", [], new Dictionary<string, Regex> { ["x"] = new("(?<port>\\d+)") }, TimeSpan.FromSeconds(5)));

        Assert.Contains("npm ci", error.Message);
        Assert.Contains("no-such-emulator", error.Message);
    }

    [Fact]
    public async Task The_shared_Azurite_listens_on_loopback_ports_it_reported()
    {
        var azurite = await Azurite.SharedAsync();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, azurite.Process.Ports["table"]);

        Assert.Equal("127.0.0.1", azurite.TableEndpoint.Host);
        Assert.True(client.Connected);
    }

    [Fact]
    public async Task Emulators_stop_when_the_process_that_started_them_is_killed_outright()
    {
        // A child process starts Azurite and s3rver exactly as a test host does; SIGKILL gives it no chance to run an
        // exit handler, as when a hung test host is killed.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BucketFunctions.EmulatorOwner.dll"));
        using var owner = Process.Start(start)!;
        var errors = owner.StandardError.ReadToEndAsync();
        var emulators = new List<(string Name, int Pid, int Port)>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            for (var i = 0; i < 2; i++)
            {
                var line = await owner.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The owner exited early:\n{await errors}");
                var parts = line.Split(' ');
                var (pid, port) = (int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
                emulators.Add((parts[0], pid, port));
            }

            Assert.Equal(["azurite", "s3rver"], emulators.Select(e => e.Name));
            foreach (var (name, pid, port) in emulators)
            {
                Assert.True(IsRunning(pid, name), $"{name} (pid {pid}) is not running although its owner reported it.");
                Assert.True(await AcceptsAsync(port), $"{name} does not accept connections on port {port}.");
            }

            owner.Kill(); // SIGKILL on Linux.
            await owner.WaitForExitAsync();

            foreach (var (name, pid, port) in emulators)
            {
                // A killed process's threads release its sockets a moment after it is reaped: wait for both.
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while ((IsRunning(pid, name) || await AcceptsAsync(port)) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                Assert.False(IsRunning(pid, name), $"{name} (pid {pid}) still runs 15 s after its owner was killed.");
                Assert.False(await AcceptsAsync(port), $"Something still accepts connections on {name}'s port {port}.");
            }
        }
        finally
        {
            // Whatever this test's failure, it leaves nothing running.
            owner.Kill(entireProcessTree: true);
            foreach (var (name, pid, _) in emulators.Where(e => IsRunning(e.Pid, e.Name)))
            {
                Process.GetProcessById(pid).Kill();
            }
        }
    }

    /// <summary>The process exists, is the named emulator (not a reused pid), and is not a zombie (which holds no port).</summary>
    private static bool IsRunning(int pid, string name)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z' && File.ReadAllText($"/proc/{pid}/cmdline").Contains(name, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
