using System.Diagnostics;

namespace BucketFunctions.Bench;

/// <summary>One measured scenario: every request's latency and status, and the wall time of the whole run.</summary>
internal sealed record Measurement(string Scenario, int Concurrency, double[] LatenciesMs, int[] Statuses, TimeSpan Elapsed)
{
    /// <summary>CPU time the process doing the work used during the run (the host for API scenarios, the bench for the floor).</summary>
    public TimeSpan? Cpu { get; init; }

    public double? CpuMsPerRequest => Cpu is { } cpu ? cpu.TotalMilliseconds / Requests : null;

    public int Requests => LatenciesMs.Length;

    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public int Count(int status) => Statuses.Count(s => s == status);

    public string StatusSummary() =>
        string.Join(", ", Statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {(g.Key == 0 ? "error" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));

    /// <summary>Nearest-rank percentile of the recorded latencies.</summary>
    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Runs a fixed number of requests with a fixed number of workers: each worker takes the next index until all are taken
/// (a closed loop, so concurrency is exact and the run is bounded). An exception counts as status 0.
/// </summary>
internal static class Load
{
    /// <summary>Runs the requests and charges the CPU time <paramref name="cpu"/> reports over the run to it.</summary>
    public static async Task<Measurement> RunAsync(string scenario, int concurrency, int total, Func<TimeSpan> cpu, Func<int, Task<int>> request)
    {
        var before = cpu();
        var run = await RunAsync(scenario, concurrency, total, request).ConfigureAwait(false);
        return run with { Cpu = cpu() - before };
    }

    /// <summary>
    /// Two scenarios in alternating blocks (a, b, a, b, ...), each block a closed-loop run of its own, so that load from
    /// elsewhere on the machine falls on both alike. Each side's blocks are merged into one measurement.
    /// </summary>
    public static async Task<(Measurement A, Measurement B)> RunAlternatingAsync(
        int rounds, int concurrency, int total,
        (string Scenario, Func<TimeSpan> Cpu, Func<int, Task<int>> Request) a,
        (string Scenario, Func<TimeSpan> Cpu, Func<int, Task<int>> Request) b)
    {
        var per = Math.Max(1, total / rounds);
        List<Measurement> ofA = [], ofB = [];
        for (var round = 0; round < rounds; round++)
        {
            var offset = round * per;
            ofA.Add(await RunAsync($"{a.Scenario} ({round + 1}/{rounds})", concurrency, per, a.Cpu, i => a.Request(offset + i)).ConfigureAwait(false));
            ofB.Add(await RunAsync($"{b.Scenario} ({round + 1}/{rounds})", concurrency, per, b.Cpu, i => b.Request(offset + i)).ConfigureAwait(false));
        }

        return (Merge(a.Scenario, ofA), Merge(b.Scenario, ofB));
    }

    /// <summary>
    /// Two scenarios one request each in turn (a, b, a, b, ...) with no other request in flight: at concurrency 1 this
    /// pairs every request of one side with a neighbour of the other, so drift in the machine's speed (other virtual
    /// machines on the host, say) falls on both alike. Each side is charged the CPU its process used during its own requests.
    /// </summary>
    public static async Task<(Measurement A, Measurement B)> RunPairedAsync(
        int total,
        (string Scenario, Func<TimeSpan> Cpu, Func<int, Task<int>> Request) a,
        (string Scenario, Func<TimeSpan> Cpu, Func<int, Task<int>> Request) b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        var sides = new[] { a, b };
        var latencies = new[] { new double[total], new double[total] };
        var statuses = new[] { new int[total], new int[total] };
        var elapsed = new TimeSpan[2];
        var cpu = new TimeSpan[2];
        var done = 0;
        var clock = Stopwatch.StartNew();
        using (Progress.Start($"{a.Scenario} and {b.Scenario}, paired", 1, total, () => Volatile.Read(ref done), clock))
        {
            for (var i = 0; i < total; i++)
            {
                for (var side = 0; side < 2; side++)
                {
                    var cpuBefore = sides[side].Cpu();
                    var started = Stopwatch.GetTimestamp();
                    statuses[side][i] = await StatusOfAsync(sides[side].Request, i).ConfigureAwait(false);
                    var took = Stopwatch.GetElapsedTime(started);
                    cpu[side] += sides[side].Cpu() - cpuBefore;
                    latencies[side][i] = took.TotalMilliseconds;
                    elapsed[side] += took;
                }

                Interlocked.Increment(ref done);
            }
        }

        return (new Measurement(a.Scenario, 1, latencies[0], statuses[0], elapsed[0]) { Cpu = cpu[0] },
            new Measurement(b.Scenario, 1, latencies[1], statuses[1], elapsed[1]) { Cpu = cpu[1] });
    }

    public static async Task<Measurement> RunAsync(string scenario, int concurrency, int total, Func<int, Task<int>> request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        var latencies = new double[total];
        var statuses = new int[total];
        var next = -1;
        var done = 0;
        var clock = Stopwatch.StartNew();
        using var progress = Progress.Start(scenario, concurrency, total, () => Volatile.Read(ref done), clock);
        var workers = Enumerable.Range(0, Math.Min(concurrency, total)).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                var status = await StatusOfAsync(request, i).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[i] = status;
                Interlocked.Increment(ref done);
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        clock.Stop();
        return new Measurement(scenario, concurrency, latencies, statuses, clock.Elapsed);
    }

    private static async Task<int> StatusOfAsync(Func<int, Task<int>> request, int index)
    {
        try
        {
            return await request(index).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or Azure.RequestFailedException
                                      or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
        {
            return 0;
        }
    }

    private static Measurement Merge(string scenario, IReadOnlyList<Measurement> blocks) =>
        new(scenario, blocks[0].Concurrency, [.. blocks.SelectMany(m => m.LatenciesMs)], [.. blocks.SelectMany(m => m.Statuses)],
            TimeSpan.FromTicks(blocks.Sum(m => m.Elapsed.Ticks)))
        {
            Cpu = blocks.All(m => m.Cpu is not null) ? TimeSpan.FromTicks(blocks.Sum(m => m.Cpu!.Value.Ticks)) : null,
        };
}


/// <summary>A progress line while a scenario runs: rewritten in place on a terminal, one line every 5 s otherwise.</summary>
internal sealed class Progress : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly bool interactive = !Console.IsErrorRedirected;

    private Progress(string scenario, int concurrency, int total, Func<int> done, Stopwatch clock)
    {
        loop = Task.Run(async () =>
        {
            var period = TimeSpan.FromSeconds(interactive ? 0.5 : 5);
            try
            {
                while (true)
                {
                    await Task.Delay(period, stop.Token).ConfigureAwait(false);
                    Write(scenario, concurrency, done(), total, clock);
                }
            }
            catch (OperationCanceledException)
            {
                Write(scenario, concurrency, done(), total, clock);
                if (interactive)
                {
                    Console.Error.WriteLine();
                }
            }
        });
    }

    public static Progress Start(string scenario, int concurrency, int total, Func<int> done, Stopwatch clock) =>
        new(scenario, concurrency, total, done, clock);

    /// <summary>A progress line for phases that are not a load run (setup, start-up).</summary>
    public static void Say(string message) => Console.Error.WriteLine($"  .. {message}");

    public void Dispose()
    {
        stop.Cancel();
        loop.Wait();
        stop.Dispose();
    }

    private void Write(string scenario, int concurrency, int done, int total, Stopwatch clock)
    {
        var rate = done / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var line = FormattableString.Invariant($"  .. {scenario} c={concurrency}: {done}/{total} in {clock.Elapsed.TotalSeconds:0.0} s ({rate:0}/s)");
        Console.Error.Write(interactive ? "\r" + line.PadRight(78) : line + Environment.NewLine);
    }
}
