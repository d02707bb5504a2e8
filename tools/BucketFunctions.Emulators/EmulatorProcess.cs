using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BucketFunctions.Emulators;

/// <summary>
/// A Node.js emulator from the repo's node_modules, listening on loopback ports it picked itself (port 0). It is
/// ready when every named pattern has matched a line of its output; each pattern's group "port" gives that port.
/// It runs under a watchdog (watchdog.js) that kills it when its stdin closes: on dispose, when the owning process (a test run, the benchmark) exits,
/// and, since the kernel closes it then, when that process is killed outright.
/// </summary>
public sealed partial class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    private EmulatorProcess(Process process, int pid, IReadOnlyDictionary<string, int> ports)
    {
        this.process = process;
        Pid = pid;
        Ports = ports;
    }

    /// <summary>The emulator's own process id (a child of the watchdog).</summary>
    public int Pid { get; }

    public IReadOnlyDictionary<string, int> Ports { get; }

    public static async Task<EmulatorProcess> StartAsync(
        string binName,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, Regex> readyPatterns,
        TimeSpan timeout)
    {
        var bin = Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", binName);
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException(
                $"{binName} is not installed: {bin} is missing. Run `npm ci` in {RepositoryRoot.Path} " +
                "(scripts/test.sh does this when node_modules is missing).");
        }

        // Through a watchdog that stops the emulator when this process is gone, however it ended. Its stdin is a
        // pipe only this process writes to (and never does); .NET opens it close-on-exec, so no other child holds it.
        var watchdog = Path.Combine(RepositoryRoot.Path, "tools", "BucketFunctions.Emulators", "watchdog.js");
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in new[] { watchdog, bin }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var ports = new Dictionary<string, int>();
        var pid = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var log = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            // Output and error arrive on two threads: one lock for the log, the pid and the readiness check.
            lock (log)
            {
                log.AppendLine(line);
                if (WatchdogReport().Match(line) is { Success: true } report)
                {
                    pid = int.Parse(report.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
                }

                foreach (var (name, pattern) in readyPatterns)
                {
                    var match = pattern.Match(line);
                    if (match.Success)
                    {
                        ports[name] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (ports.Count == readyPatterns.Count && pid != 0)
                {
                    ready.TrySetResult();
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{binName} exited early:\n{Snapshot(log)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        try
        {
            await ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Stop(process);
            throw new InvalidOperationException($"{binName} did not report its ports within {timeout}:\n{Snapshot(log)}");
        }

        lock (log)
        {
            return new EmulatorProcess(process, pid, new Dictionary<string, int>(ports));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(process);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        process.Dispose();
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>
    /// Closes the watchdog's stdin; the watchdog then kills the emulator's process group and exits. No signal is sent from
    /// here: a process-tree kill stops each process (SIGSTOP) before killing it, and a test host killed in between (as
    /// the test runner does to a host slow to exit) left a stopped, orphaned emulator behind.
    /// </summary>
    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closed or gone.
        }
    }

    [GeneratedRegex(@"^watchdog: emulator pid (?<pid>\d+)$")]
    private static partial Regex WatchdogReport();
}
