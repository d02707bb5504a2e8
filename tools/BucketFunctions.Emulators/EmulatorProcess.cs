using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace BucketFunctions.Emulators;

/// <summary>
/// A Node.js emulator from the repo's node_modules, listening on loopback ports it picked itself (port 0). It is
/// ready when every named pattern has matched a line of its output; each pattern's group "port" gives that port.
/// The process tree is killed on dispose and when the owning process (a test run, the benchmark) exits; a watchdog
/// stops it even when that process is killed outright.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private EmulatorProcess(Process process, IReadOnlyDictionary<string, int> ports)
    {
        this.process = process;
        Ports = ports;
    }

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

        // Through a watchdog that stops the emulator when this process is gone, however it ended.
        var watchdog = Path.Combine(RepositoryRoot.Path, "tools", "BucketFunctions.Emulators", "watchdog.js");
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in new[] { watchdog, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), bin }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var ports = new ConcurrentDictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var log = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            foreach (var (name, pattern) in readyPatterns)
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    ports[name] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            if (ports.Count == readyPatterns.Count)
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{binName} exited early:\n{Snapshot(log)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);

        try
        {
            await ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            KillQuietly(process);
            throw new InvalidOperationException($"{binName} did not report its ports within {timeout}:\n{Snapshot(log)}");
        }

        return new EmulatorProcess(process, new Dictionary<string, int>(ports));
    }

    public async ValueTask DisposeAsync()
    {
        KillQuietly(process);
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

    private static void KillQuietly(Process process)
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
