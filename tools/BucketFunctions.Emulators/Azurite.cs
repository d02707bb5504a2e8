using System.Text.RegularExpressions;

namespace BucketFunctions.Emulators;

/// <summary>
/// Azurite (Blob + Table), in memory, on free loopback ports. One instance serves a whole test process: tests isolate
/// themselves with their own table names and partitions, which is also how production tenants are isolated.
/// </summary>
public sealed partial class Azurite
{
    /// <summary>The emulator's published development account (not a secret: it is in Azurite's documentation).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<Azurite>> SharedInstance = new(StartAsync);

    private Azurite(EmulatorProcess process) => Process = process;

    public EmulatorProcess Process { get; }

    public Uri TableEndpoint => new($"http://127.0.0.1:{Process.Ports["table"]}/{AccountName}");

    public Uri BlobEndpoint => new($"http://127.0.0.1:{Process.Ports["blob"]}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};BlobEndpoint={BlobEndpoint};";

    public static Task<Azurite> SharedAsync() => SharedInstance.Value;

    private static async Task<Azurite> StartAsync()
    {
        var process = await EmulatorProcess.StartAsync(
            "azurite",
            [
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--queueHost", "127.0.0.1", "--queuePort", "0",
                "--tableHost", "127.0.0.1", "--tablePort", "0",
            ],
            new Dictionary<string, Regex> { ["blob"] = BlobReady(), ["table"] = TableReady() },
            TimeSpan.FromSeconds(60));
        return new Azurite(process);
    }

    [GeneratedRegex(@"Blob service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex BlobReady();

    [GeneratedRegex(@"Table service is successfully listening at http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex TableReady();
}
