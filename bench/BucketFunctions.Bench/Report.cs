using System.Globalization;
using System.Text;
using BucketFunctions.Core.Quotas;

namespace BucketFunctions.Bench;

/// <summary>
/// The results as markdown: printed, and written between two marker lines of docs/PERFORMANCE.md so that whatever a
/// person wrote around them (history, analysis) survives the next run.
/// </summary>
internal sealed class Report(BenchOptions options, Machine machine, DateTimeOffset started)
{
    public const string Begin = "<!-- bench:begin (written by scripts/bench.sh; edits inside are overwritten) -->";
    public const string End = "<!-- bench:end -->";

    private readonly List<Measurement> rows = [];
    private readonly List<(string Scenario, int Concurrency, int Status)> skipped = [];
    private readonly StringBuilder notes = new();

    public void Results(IEnumerable<Measurement> measurements) => rows.InsertRange(0, measurements);

    public void Skipped(string scenario, int concurrency, int status) => skipped.Add((scenario, concurrency, status));

    /// <summary>The warm-up blocks, so a reader sees the host settle (its CPU per create falls as the JIT finishes).</summary>
    public void Warmup(IReadOnlyList<Measurement> floor, IReadOnlyList<Measurement> create)
    {
        notes.AppendLine("### Warm-up")
            .AppendLine()
            .AppendLine(Invariant($"{floor.Count} alternating blocks of {floor[0].Requests} floor operations and "))
            .AppendLine(Invariant($"{create[0].Requests} creates at concurrency 8, not recorded above:"))
            .AppendLine()
            .AppendLine("| block | " + string.Join(" | ", Enumerable.Range(1, create.Count)) + " |")
            .AppendLine("|---|" + string.Concat(create.Select(_ => "---:|")))
            .AppendLine("| floor p50 ms | " + string.Join(" | ", floor.Select(m => Invariant($"{m.P50:0.0}"))) + " |")
            .AppendLine("| create p50 ms | " + string.Join(" | ", create.Select(m => Invariant($"{m.P50:0.0}"))) + " |")
            .AppendLine("| host CPU ms per create | " + string.Join(" | ", create.Select(m => Invariant($"{m.CpuMsPerRequest:0.00}")))
                + " |")
            .AppendLine();
    }

    public void Contention(Measurement run, int limit, int rows, QuotaUsage counter)
    {
        var created = run.Count(200);
        var refused = run.Count(429);
        var exact = created == limit && refused == run.Requests - limit && rows == limit && counter.Current == limit;
        notes.AppendLine("### Contention")
            .AppendLine()
            .AppendLine(Invariant($"{run.Requests} creates at once in one organization with limit {limit}: {run.StatusSummary()}; "))
            .AppendLine(Invariant($"bucket rows stored afterwards: {rows}; quota counter: {counter.Current} of {counter.Max}. "))
            .AppendLine(Invariant($"**{(exact ? "Exact" : "NOT EXACT")}**: expected {limit} × 200, {run.Requests - limit} × 429, {limit} rows, counter {limit}. "))
            .AppendLine(Invariant($"p50 {run.P50:0.0} ms, p99 {run.P99:0.0} ms."))
            .AppendLine();
    }

    public void Memory(Measurement run, IReadOnlyList<(int Done, double RssMiB)> samples, double peakMiB)
    {
        rows.Add(run);
        var ordered = samples.OrderBy(s => s.Done).ToList();
        notes.AppendLine("### Memory")
            .AppendLine()
            .AppendLine(Invariant($"A freshly started host, {run.Requests} creates at concurrency 32 over 32 organizations ({run.StatusSummary()}). "))
            .AppendLine(Invariant($"Peak working set (VmHWM of the host process, start-up included): **{peakMiB:0} MiB**. "))
            .AppendLine("Resident set (VmRSS) as the creates went by:")
            .AppendLine()
            .AppendLine("| creates done | " + string.Join(" | ", ordered.Select(s => s.Done.ToString(CultureInfo.InvariantCulture))) + " |")
            .AppendLine("|---|" + string.Concat(ordered.Select(_ => "---|")))
            .AppendLine("| VmRSS MiB | " + string.Join(" | ", ordered.Select(s => s.RssMiB.ToString("0", CultureInfo.InvariantCulture))) + " |")
            .AppendLine();
        if (ordered.Count >= 3)
        {
            var early = ordered[1].RssMiB;
            var last = ordered[^1].RssMiB;
            notes.AppendLine(Invariant($"From {ordered[1].Done} to {ordered[^1].Done} creates the resident set moved by {last - early:+0;-0;0} MiB.")).AppendLine();
        }
    }

    public void Startup(IReadOnlyList<(TimeSpan Time, string Readiness)> host, IReadOnlyList<(TimeSpan Time, string Readiness)> bare)
    {
        static string Summary(IReadOnlyList<(TimeSpan Time, string Readiness)> runs)
        {
            var ms = runs.Select(r => r.Time.TotalMilliseconds).Order().ToList();
            return Invariant($"median {ms[ms.Count / 2]:0} ms (min {ms[0]:0}, max {ms[^1]:0}, {ms.Count} run(s)); measured to the {runs[0].Readiness}");
        }

        notes.AppendLine("### Start-up")
            .AppendLine()
            .AppendLine("From `Process.Start` of `/bin/sh -c 'exec dotnet <dll>'` to the readiness answer, polled every 10 ms:")
            .AppendLine()
            .AppendLine($"- local host (`functions/BucketFunctions.Local`, Release): {Summary(host)}")
            .AppendLine($"- bare ASP.NET Core app (`bench/BareApp`, one `MapGet(\"/health\")`): {Summary(bare)}")
            .AppendLine();
    }

    public string Text()
    {
        var floors = rows.Where(r => r.Scenario == "floor").ToDictionary(r => r.Concurrency, r => r.P50);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## Results ({(options.Quick ? "quick" : "full")} run, {started:yyyy-MM-dd HH:mm} UTC)"))
            .AppendLine()
            .AppendLine("| scenario | concurrency | requests | throughput/s | p50 ms | p99 ms | p50 / floor p50 | CPU ms/request | answers |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            var ratio = r.Scenario.StartsWith("POST /bucket", StringComparison.Ordinal) && r.Concurrency != 64 && floors.TryGetValue(r.Concurrency, out var floor)
                ? Invariant($"{r.P50 / floor:0.00}")
                : r.Scenario == "floor" ? "1.00" : "—";
            var cpu = r.CpuMsPerRequest is { } ms ? Invariant($"{ms:0.00}") : "—";
            text.AppendLine(Invariant($"| {r.Scenario} | {r.Concurrency} | {r.Requests} | {r.Throughput:0} | {r.P50:0.0} | {r.P99:0.0} | {ratio} | {cpu} | {r.StatusSummary()} |"));
        }

        foreach (var (scenario, concurrency, status) in skipped)
        {
            text.AppendLine(Invariant($"| {scenario} | {concurrency} | — | — | — | — | — | — | skipped (route not served: {status}) |"));
        }

        text.AppendLine()
            .Append(notes)
            .AppendLine("### Machine")
            .AppendLine()
            .AppendLine(Invariant($"- {machine.Cores} cores (`nproc`), {machine.Memory} memory, {machine.OperatingSystem}"))
            .AppendLine($"- {machine.Runtime}; Azurite and s3rver from the repository's `node_modules`, in memory / a temporary folder")
            .AppendLine($"- started {started:yyyy-MM-dd HH:mm:ss} UTC, load average {machine.LoadAverage} at start, {Machine.LoadAverageNow()} at the end")
            .AppendLine(options.HostDll is null ? "- host: this checkout's Release build" : $"- host: `{options.HostDll}`")
            .AppendLine(Invariant($"- counts: floor and create paired request by request at c=1 and in {options.Rounds} "))
            .AppendLine("alternating blocks above it, " + string.Join(", ", options.CreateRequests.Select(kv => Invariant($"{kv.Value} at c={kv.Key}")))
                + Invariant($"; reads {options.ReadRequests}; memory {options.MemoryCreates}; start-ups {options.StartupRuns}"))
            .AppendLine(options.Prefill > 0 ? Invariant($"- partitions prefilled with {options.Prefill} buckets each (host and floor) before measuring") : "- partitions not prefilled");
        return text.ToString();
    }

    /// <summary>Replaces the marked block of <paramref name="path"/>, or writes a new file holding only the block.</summary>
    public void Write(string path)
    {
        var block = Begin + Environment.NewLine + Text() + End;
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        string content;
        if (existing is not null && existing.IndexOf(Begin, StringComparison.Ordinal) is var begin and >= 0
            && existing.IndexOf(End, begin, StringComparison.Ordinal) is var end and >= 0)
        {
            content = existing[..begin] + block + existing[(end + End.Length)..];
        }
        else
        {
            content = "# Performance" + Environment.NewLine + Environment.NewLine + block + Environment.NewLine;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
