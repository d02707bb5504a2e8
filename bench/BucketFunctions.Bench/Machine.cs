using System.Globalization;
using System.Runtime.InteropServices;

namespace BucketFunctions.Bench;

/// <summary>What the numbers were measured on, read from the machine itself.</summary>
internal sealed record Machine(int Cores, string Memory, string OperatingSystem, string Runtime, string LoadAverage)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        MemTotal(),
        OsName(),
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg.</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string MemTotal()
    {
        var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        if (line is null)
        {
            return "unknown";
        }

        var kib = double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return (kib / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }

    private static string OsName()
    {
        var pretty = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        return $"{pretty ?? RuntimeInformation.OSDescription} (kernel {Environment.OSVersion.Version}, {RuntimeInformation.OSArchitecture})";
    }
}
