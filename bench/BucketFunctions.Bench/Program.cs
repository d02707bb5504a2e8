using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using BucketFunctions.Bench;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Emulators;
using Microsoft.Extensions.Options;

// scripts/bench.sh: the create path against the storage floor, contention, reads, memory and start-up. Everything runs on
// loopback ports picked at start; every loop is bounded by a request count.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, RepositoryRoot.Path);
}
catch (HelpRequestedException)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.HealthPass > 0)
{
    return await HealthPassBench.RunAsync(options.HealthPass, Machine.Describe());
}

const int Organizations = 32;
const int HighLimit = 100_000;
const int ContendedCreates = 64;
const int ContendedLimit = 10;
int[] concurrencies = [1, 8, 32];

var root = RepositoryRoot.Path;
var artifacts = Path.Combine(root, ".artifacts", "bench");
var hostDll = options.HostDll ?? Path.Combine(root, "functions", "BucketFunctions.Local", "bin", "Release", "net10.0", "BucketFunctions.Local.dll");
var bareDll = Path.Combine(root, "bench", "BareApp", "bin", "Release", "net10.0", "BareApp.dll");
var machine = Machine.Describe();
var started = DateTimeOffset.UtcNow;
Console.WriteLine($"BucketFunctions benchmark ({(options.Quick ? "quick" : "full")} run), {machine.Cores} cores, load {machine.LoadAverage}");

Progress.Say("starting Azurite and s3rver on free loopback ports");
var azurite = await Azurite.SharedAsync();
var s3rver = await S3rver.SharedAsync();

var envelope = new EnvelopeOptions { ActiveKeyId = "bench", Keys = { ["bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } };
var adminKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
var hostSettings = new Dictionary<string, string>
{
    ["Storage__ConnectionString"] = azurite.ConnectionString,
    ["Admin__Key"] = adminKey,
    ["Vault__Mode"] = "Envelope",
    ["Vault__Envelope__ActiveKeyId"] = envelope.ActiveKeyId,
    ["Vault__Envelope__Keys__bench"] = envelope.Keys["bench"],
    ["Endpoints__AllowLoopbackHttp"] = "true",
    ["Idempotency__FingerprintKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["LocalSettings__Enabled"] = "false",
};

var results = new List<Measurement>();
var report = new Report(options, machine, started);
var createdIds = new ConcurrentBag<(int Tenant, Guid Id)>();

Progress.Say("starting the local host (Release)");
await using (var host = await HostProcess.StartAsync(hostDll, hostSettings, Path.Combine(artifacts, "host.log")))
using (var api = new ApiClient(host.BaseAddress, adminKey, options.OperatorPrefix))
{
    Progress.Say($"setting up {Organizations} organizations (limit {HighLimit}) through /{options.OperatorPrefix}/...");
    var tenants = new Tenant[Organizations];
    await Parallel.ForEachAsync(Enumerable.Range(0, Organizations), new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (i, _) => tenants[i] = await api.CreateTenantAsync($"bench-org-{i:00}", HighLimit));
    using var floor = await Floor.CreateAsync(azurite.ConnectionString, s3rver.Endpoint, envelope, tenants);
    if (options.Prefill > 0)
    {
        Progress.Say($"prefilling every organization's partition, host and floor, with {options.Prefill} buckets");
        await Prefill.RunAsync(azurite.ConnectionString, [.. tenants.Select(t => t.OrganizationId)], floor.Partitions, options.Prefill);
    }


    async Task<int> Create(string scenario, int i)
    {
        var tenant = i % Organizations;
        var (status, id) = await api.CreateBucketAsync(tenants[tenant], $"Bench {scenario} {i}", s3rver.Endpoint, S3rver.BucketName);
        if (id is { } bucketId && createdIds.Count < 10_000)
        {
            createdIds.Add((tenant, bucketId));
        }

        return status;
    }

    Progress.Say($"warming up: {options.WarmupRounds} alternating floor and create blocks of {options.WarmupBlock} at c=8 (JIT, pools)");
    var warmFloor = new List<Measurement>();
    var warmCreate = new List<Measurement>();
    for (var round = 0; round < options.WarmupRounds; round++)
    {
        var (offset, block) = (round * options.WarmupBlock, $"({round + 1}/{options.WarmupRounds})");
        warmFloor.Add(await Load.RunAsync($"warm-up floor {block}", 8, options.WarmupBlock, BenchCpu,
            i => floor.RunAsync(offset + i)));
        warmCreate.Add(await Load.RunAsync($"warm-up create {block}", 8, options.WarmupBlock, host.CpuTime,
            i => Create("warm", offset + i)));
    }

    report.Warmup(warmFloor, warmCreate);

    // Floor and create alternate, so background noise falls on both alike: request by request at concurrency 1, in
    // blocks above it.
    foreach (var c in concurrencies)
    {
        (string, Func<TimeSpan>, Func<int, Task<int>>) floorSide = ("floor", BenchCpu, floor.RunAsync);
        (string, Func<TimeSpan>, Func<int, Task<int>>) createSide = ("POST /bucket", host.CpuTime, i => Create($"c{c}", i));
        var (floorRun, createRun) = c == 1
            ? await Load.RunPairedAsync(options.CreateRequests[c], floorSide, createSide)
            : await Load.RunAlternatingAsync(options.Rounds, c, options.CreateRequests[c], floorSide, createSide);
        results.Add(floorRun);
        results.Add(createRun);
    }

    Progress.Say($"contention: {ContendedCreates} concurrent creates in one organization at limit {ContendedLimit}");
    var contended = await api.CreateTenantAsync("bench-contended", ContendedLimit);
    var contention = await Load.RunAsync("POST /bucket, one org at limit 10", ContendedCreates, ContendedCreates, host.CpuTime,
        async i => (await api.CreateBucketAsync(contended, $"Contended {i}", s3rver.Endpoint, S3rver.BucketName)).Status);
    results.Add(contention);
    var tables = TableClients.CreateService(new TableStorageOptions { ConnectionString = azurite.ConnectionString });
    var store = new TableBucketStore(tables.GetTableClient("tenants"), Options.Create(new QuotaOptions()));
    var rows = (await store.ListAsync(contended.OrganizationId, new BucketListQuery(null, BucketListQuery.MaxPageSize, null), CancellationToken.None)).Buckets.Count;
    var counter = await store.GetQuotaAsync(contended.OrganizationId, CancellationToken.None);
    report.Contention(contention, ContendedLimit, rows, counter);

    var ids = createdIds.ToArray();
    foreach (var (scenario, path) in new (string, Func<int, string>)[]
    {
        ("GET /bucket/{id}", i => $"bucket/{ids[i % ids.Length].Id}"),
        ("GET /bucket", _ => "bucket?pageSize=20"),
    })
    {
        var tenantOf = scenario == "GET /bucket" ? (Func<int, int>)(i => i % Organizations) : i => ids[i % ids.Length].Tenant;
        var probe = await api.GetAsync(tenants[tenantOf(0)], path(0));
        if (probe is 404 or 405)
        {
            Console.Error.WriteLine($"  .. {scenario} c=32: skipped (route not served: {probe})");
            report.Skipped(scenario, 32, probe);
            continue;
        }

        results.Add(await Load.RunAsync(scenario, 32, options.ReadRequests, host.CpuTime, i => api.GetAsync(tenants[tenantOf(i)], path(i))));
    }

    Progress.Say($"memory: a fresh host, {options.MemoryCreates} creates at c=32 over {Organizations} organizations");
    await using var fresh = await HostProcess.StartAsync(hostDll, hostSettings, Path.Combine(artifacts, "host-memory.log"));
    using var freshApi = new ApiClient(fresh.BaseAddress, adminKey, options.OperatorPrefix);
    var samples = new List<(int Done, double RssMiB)> { (0, fresh.Memory().RssMiB) };
    var memoryDone = 0;
    var checkpoint = Math.Max(1, options.MemoryCreates / 10);
    var memoryRun = await Load.RunAsync("POST /bucket (memory)", 32, options.MemoryCreates, fresh.CpuTime, async i =>
    {
        var (status, _) = await freshApi.CreateBucketAsync(tenants[i % Organizations], $"Memory {i}", s3rver.Endpoint, S3rver.BucketName);
        var done = Interlocked.Increment(ref memoryDone);
        if (done % checkpoint == 0)
        {
            lock (samples)
            {
                samples.Add((done, fresh.Memory().RssMiB));
            }
        }

        return status;
    });
    report.Memory(memoryRun, samples, fresh.Memory().PeakMiB);
}

Progress.Say($"start-up: the local host and a bare ASP.NET Core app, {options.StartupRuns} time(s) each");
var hostStarts = new List<(TimeSpan, string)>();
var bareStarts = new List<(TimeSpan, string)>();
for (var run = 0; run < options.StartupRuns; run++)
{
    await using (var h = await HostProcess.StartAsync(hostDll, hostSettings, Path.Combine(artifacts, "host-startup.log")))
    {
        hostStarts.Add((h.Startup, h.Readiness));
    }

    var bareSettings = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
    await using (var b = await HostProcess.StartAsync(bareDll, bareSettings, Path.Combine(artifacts, "bare-startup.log")))
    {
        bareStarts.Add((b.Startup, b.Readiness));
    }
}

report.Startup(hostStarts, bareStarts);
report.Results(results);
Console.WriteLine();
Console.WriteLine(report.Text());
if (options.Output is { } output)
{
    report.Write(output);
    Console.WriteLine($"Written to {Path.GetRelativePath(root, output)}");
}

return 0;

static TimeSpan BenchCpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
