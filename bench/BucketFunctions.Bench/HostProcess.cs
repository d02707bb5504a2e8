using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BucketFunctions.Bench;

/// <summary>
/// An ASP.NET Core app run as its own process (<c>dotnet app.dll</c>) on a free loopback port, settings as environment
/// variables, output appended to a log file. Killed on dispose and when the benchmark exits.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri baseAddress, TimeSpan startup, string readiness)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Startup = startup;
        Readiness = readiness;
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start to the readiness answer described by <see cref="Readiness"/>.</summary>
    public TimeSpan Startup { get; }

    public string Readiness { get; }

    public int Id => process.Id;

    public static async Task<HostProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, string logFile)
    {
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build it first (scripts/bench.sh does).");
        }

        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        // The shell execs dotnet with its output appended straight to the log file: the host keeps its process id and
        // logs as it would anywhere, and the bench process (which also runs the floor) spends nothing on relaying it.
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        File.WriteAllText(logFile, string.Empty);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        // --urls as well: the host's appsettings.json names a Urls value that would otherwise win over ASPNETCORE_URLS.
        foreach (var argument in new[] { "-c", "exec dotnet \"$@\" >>\"$BENCH_HOST_LOG\" 2>&1", "dotnet", dll, "--urls", url })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["BENCH_HOST_LOG"] = logFile;
        var process = new Process { StartInfo = start };
        var clock = Stopwatch.StartNew();
        process.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(process);

        var baseAddress = new Uri(url + "/");
        try
        {
            var readiness = await WaitReadyAsync(process, baseAddress, clock, logFile).ConfigureAwait(false);
            return new HostProcess(process, baseAddress, clock.Elapsed, readiness);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>The first 200 on <c>/health</c>; when <c>/health</c> is not served (404), the first answer of any kind on <c>/quota</c>.</summary>
    private static async Task<string> WaitReadyAsync(Process process, Uri baseAddress, Stopwatch clock, string logFile)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {process.ExitCode} before answering; see {logFile}.");
            }

            try
            {
                using var health = await http.GetAsync("health").ConfigureAwait(false);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return "first 200 on /health";
                }

                if (health.StatusCode == HttpStatusCode.NotFound)
                {
                    using var quota = await http.GetAsync("quota").ConfigureAwait(false);
                    return "first answer on /quota (/health not served)";
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        throw new TimeoutException($"No answer within {deadline.TotalSeconds} s; see {logFile}.");
    }

    /// <summary>VmRSS and VmHWM (peak resident set) of the process, in MiB, from /proc.</summary>
    public (double RssMiB, double PeakMiB) Memory()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line) / 1024;
            }
        }

        return (rss, peak);

        static double Kib(string line) =>
            double.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time the process has used so far (user + system, from /proc/&lt;pid&gt;/stat).</summary>
    public TimeSpan CpuTime()
    {
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields, in clock ticks.
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    // USER_HZ: 100 on every Linux architecture .NET runs on.
    private const int ClockTicksPerSecond = 100;

    public async ValueTask DisposeAsync()
    {
        Kill(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
