using System.Globalization;

namespace BucketFunctions.Bench;

/// <summary>Command-line flags. Every count is bounded; <c>--quick</c> shrinks them all for a smoke run.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Requests per concurrency level for the floor and for <c>POST /bucket</c>.</summary>
    public IReadOnlyDictionary<int, int> CreateRequests { get; init; } = new Dictionary<int, int> { [1] = 600, [8] = 1200, [32] = 2400 };

    /// <summary>Above concurrency 1, floor and create alternate in this many blocks per level (at 1: request by request).</summary>
    public int Rounds { get; init; } = 8;

    /// <summary>
    /// Warm-up before anything is recorded: this many alternating floor and create blocks at concurrency 8. Long enough for
    /// the host's tiered JIT to settle (measured: it took most of the host's CPU for the first 10–15 s of load).
    /// </summary>
    public int WarmupRounds { get; init; } = 6;

    public int WarmupBlock { get; init; } = 500;

    public int ReadRequests { get; init; } = 2000;

    public int MemoryCreates { get; init; } = 10_000;

    public int StartupRuns { get; init; } = 3;

    /// <summary>Bucket rows put into every organization's partition (host and floor alike) before measuring; 0 puts none.</summary>
    public int Prefill { get; init; }

    /// <summary>When set, only the scheduled re-check is measured: one pass over this many buckets (see HealthPassBench).</summary>
    public int HealthPass { get; init; }

    public string OperatorPrefix { get; init; } = OperatorRoutes.Prefix;

    /// <summary>The local host to measure; null means this checkout's Release build. Another build compares versions.</summary>
    public string? HostDll { get; init; }

    /// <summary>Where the markdown report goes; null writes none.</summary>
    public string? Output { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var options = new BenchOptions();
        string? output = Path.Combine(repositoryRoot, "docs", "PERFORMANCE.md");
        int? memory = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick":
                    options = options with
                    {
                        Quick = true,
                        CreateRequests = new Dictionary<int, int> { [1] = 60, [8] = 240, [32] = 480 },
                        ReadRequests = 300,
                        Rounds = 2,
                        WarmupRounds = 2,
                        WarmupBlock = 100,
                        StartupRuns = 1,
                    };
                    output = null;
                    break;
                case "--memory-creates":
                    memory = PositiveInt(Next(), args[i - 1], 1_000_000);
                    break;
                case "--health-pass":
                    options = options with { HealthPass = PositiveInt(Next(), args[i - 1], 100_000) };
                    break;
                case "--prefill":
                    options = options with { Prefill = PositiveInt(Next(), args[i - 1], 100_000) };
                    break;
                case "--operator-prefix":
                    options = options with { OperatorPrefix = Next().Trim('/') };
                    break;
                case "--host-dll":
                    options = options with { HostDll = Path.GetFullPath(Next()) };
                    break;
                case "--out":
                    output = Path.GetFullPath(Next());
                    break;
                case "--no-write":
                    output = null;
                    break;
                case "-h" or "--help":
                    throw new HelpRequestedException();
                default:
                    throw new ArgumentException($"Unknown flag {args[i]}.");
            }
        }

        return options with { MemoryCreates = memory ?? (options.Quick ? 1_000 : 10_000), Output = output };
    }

    public const string Usage = """
        scripts/bench.sh [--quick] [--memory-creates N] [--prefill N] [--health-pass N] [--operator-prefix admin|manage] [--host-dll DLL] [--out FILE | --no-write]
          (default)          full run (under 10 minutes on 2 cores); writes docs/PERFORMANCE.md
          --quick            small counts, writes nothing unless --out is given
          --memory-creates   creates in the memory scenario (default 10000, quick 1000)
          --health-pass      measure only the scheduled re-check: one pass over N registered buckets against s3rver (prints; writes nothing)
          --prefill          put N bucket rows into every organization's partition, host and floor alike, before measuring
          --operator-prefix  route prefix of the operator routes (default: OperatorRoutes.Prefix)
          --host-dll         measure another build of BucketFunctions.Local.dll (e.g. an older commit's)
        """;

    private static int PositiveInt(string value, string flag, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 && n <= max
            ? n
            : throw new ArgumentException($"{flag} takes a whole number from 1 to {max}.");
}

internal sealed class HelpRequestedException : Exception;
