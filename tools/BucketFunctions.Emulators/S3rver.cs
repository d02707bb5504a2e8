using System.Text.RegularExpressions;

namespace BucketFunctions.Emulators;

/// <summary>
/// s3rver (an S3 emulator) on a free loopback port, storing into a fresh temporary folder, with a few buckets made at
/// startup. One instance serves a whole test process: tests only read, or isolate themselves with their own keys.
/// </summary>
/// <remarks>
/// What s3rver 3.7.1 checks (verified by BucketFunctions.Infrastructure.Tests): the access key id (an unknown one gets
/// 403 <c>InvalidAccessKeyId</c>), but not SigV4 signatures — a wrong secret is accepted. A wrong secret is therefore
/// tested at the error-mapping level, against a fake S3 answering <c>SignatureDoesNotMatch</c>.
/// </remarks>
public sealed partial class S3rver
{
    /// <summary>s3rver's built-in account (not a secret: it is hard-coded in s3rver's source).</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    /// <summary>A bucket that exists from startup.</summary>
    public const string BucketName = "probe-bucket";

    /// <summary>A second bucket that exists from startup.</summary>
    public const string OtherBucketName = "probe-bucket-2";

    private static readonly Lazy<Task<S3rver>> SharedInstance = new(StartAsync);

    private S3rver(EmulatorProcess process, string directory)
    {
        Process = process;
        Directory = directory;
    }

    public EmulatorProcess Process { get; }

    /// <summary>The folder s3rver stores into; deleted when the test process exits.</summary>
    public string Directory { get; }

    /// <summary>Path-style S3 endpoint, plain http on loopback.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Process.Ports["s3"]}");

    public static IReadOnlyList<string> BucketNames { get; } = [BucketName, OtherBucketName];

    public static Task<S3rver> SharedAsync() => SharedInstance.Value;

    private static async Task<S3rver> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "s3rver-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        List<string> arguments = ["--silent", "-d", directory, "-a", "127.0.0.1", "-p", "0"];
        foreach (var bucket in BucketNames)
        {
            arguments.AddRange(["--configure-bucket", bucket]);
        }

        EmulatorProcess process;
        try
        {
            process = await EmulatorProcess.StartAsync(
                "s3rver",
                arguments,
                new Dictionary<string, Regex> { ["s3"] = Ready() },
                TimeSpan.FromSeconds(60));
        }
        catch
        {
            DeleteQuietly(directory);
            throw;
        }

        // Registered after EmulatorProcess's own handler, so the process is already killed when this runs.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
        return new S3rver(process, directory);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: it is a temporary folder.
        }
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex Ready();
}
