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

        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, azurite.Process.Ports["table"]);

        Assert.Equal("127.0.0.1", azurite.TableEndpoint.Host);
        Assert.True(client.Connected);
    }
}
