using System.Globalization;

namespace BucketFunctions.StandIns;

/// <summary>
/// scripts/run-local.sh starts this so that provisioning with versioning and object lock can be tried locally (s3rver has
/// neither). Usage: <c>dotnet run --project tools/BucketFunctions.S3StandIn -- &lt;port&gt;</c>.
/// </summary>
internal static class StandInMain
{
    public static async Task Main(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4569;
        await using var standIn = await S3StandIn.StartAsync(port);
        Console.WriteLine($"S3 stand-in listening on {standIn.Endpoint} (access key {S3StandIn.AccessKey}, any secret)");
        await standIn.WaitForShutdownAsync();
    }
}
