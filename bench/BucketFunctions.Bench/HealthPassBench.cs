using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Emulators;
using BucketFunctions.Hosting;
using BucketFunctions.Infrastructure.TableStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Bench;

/// <summary>
/// <c>--health-pass N</c>: one scheduled re-check pass over N registered buckets against s3rver, with the service's own
/// composition (AddBucketFunctions) in this process, so every Table request can be counted at the SDK's pipeline (a
/// policy per try, retries included). Buckets are written through the real stores, 100 per organization; the pass is
/// measured first over a tenth of them and then over all, so memory can be compared: a pass pages through the buckets
/// (at most 64 organizations open, one page of 50 each), so its peak should not grow with N. Memory is sampled every
/// 50 ms during the pass (working set, and the managed heap), after a full collection before it.
/// </summary>
internal static class HealthPassBench
{
    private const int BucketsPerOrganization = 100;

    public static async Task<int> RunAsync(int buckets, Machine machine)
    {
        Console.WriteLine($"Health pass benchmark: {buckets} buckets, {machine.Cores} cores, load {machine.LoadAverage}");
        var azurite = await Azurite.SharedAsync();
        var s3rver = await S3rver.SharedAsync();
        var counter = new CountingPolicy();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TenantsTable"] = "hptenants" + suffix,
            ["Storage:TokensTable"] = "hptokens" + suffix,
            ["Storage:HealthTable"] = "hphealth" + suffix,
            ["Vault:Mode"] = "Envelope",
            ["Vault:Envelope:Table"] = "hpcredentials" + suffix,
            ["Vault:Envelope:ActiveKeyId"] = "bench",
            ["Vault:Envelope:Keys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Admin:Key"] = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["Endpoints:AllowLoopbackHttp"] = "true",
            ["Idempotency:FingerprintKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Health:Region"] = "bench",
        });
        var services = builder.Services;
        services.AddBucketFunctions(builder.Configuration);
        services.AddSingleton(sp =>
        {
            var options = TableClients.CreateOptions();
            options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
            return TableClients.CreateService(sp.GetRequiredService<IOptions<TableStorageOptions>>().Value, options: options);
        });
        using var host = builder.Build();
        await host.StartAsync();   // validates the settings and creates the tables; no background service is added here
        var provider = host.Services;

        var concurrency = provider.GetRequiredService<IOptions<HealthCheckOptions>>().Value.Concurrency;
        var checks = provider.GetRequiredService<ScheduledCheckService>();
        var slot = checks.SlotOf(DateTimeOffset.UtcNow);
        var seeded = 0;
        var rows = new List<string>();
        foreach (var target in new[] { Math.Max(1, buckets / 10), buckets }.Distinct())
        {
            Progress.Say($"registering buckets {seeded + 1}..{target} through the stores");
            await SeedAsync(provider, s3rver.Endpoint, seeded, target);
            seeded = target;

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            var baseline = (Ws: process.WorkingSet64, Heap: GC.GetTotalMemory(false));
            var peak = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = (Math.Max(peak.Ws, process.WorkingSet64), Math.Max(peak.Heap, GC.GetTotalMemory(false)));
                    await Task.Delay(50, CancellationToken.None);
                }
            });
            counter.Reset();
            Progress.Say($"one pass over {target} buckets (concurrency {concurrency})");
            var result = await checks.RunPassAsync(++slot, CancellationToken.None) ?? throw new InvalidOperationException("The pass did not run.");
            await stop.CancelAsync();
            await sampler;
            var seconds = result.Duration.TotalSeconds;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {target:N0} | {result.Checked:N0} | {result.Failed} | {seconds:F1} s | {result.Checked / seconds:F0} | "
                + $"{counter.Count / (double)Math.Max(1, result.Checked):F2} | {Mib(baseline.Ws)} → {Mib(peak.Ws)} MiB | "
                + $"{Mib(baseline.Heap)} → {Mib(peak.Heap)} MiB |"));
        }

        Console.WriteLine();
        Console.WriteLine($"Health pass, concurrency {concurrency}, {machine.Cores} cores, load {Machine.LoadAverageNow()} at the end");
        Console.WriteLine();
        Console.WriteLine("| buckets | checked | failed | pass | checks/s | Table requests per check | working set (before → peak) | managed heap (before → peak) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Buckets <paramref name="from"/> to <paramref name="to"/> (exclusive), 100 per organization, with their credentials.</summary>
    private static async Task SeedAsync(IServiceProvider provider, Uri endpoint, int from, int to)
    {
        var organizations = provider.GetRequiredService<IOrganizationStore>();
        var store = provider.GetRequiredService<IBucketStore>();
        var vault = provider.GetRequiredService<ICredentialVault>();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var organization = $"hp-org-{i / BucketsPerOrganization:0000}";
            if (i % BucketsPerOrganization == 0)
            {
                await organizations.TryCreateAsync(new Organization(organization, organization, 100_000, now, now), token);
            }

            var id = Guid.NewGuid();
            var version = await vault.PutAsync(
                new CredentialScope(organization, id), new StorageCredential(S3rver.AccessKey, new SecretString(S3rver.SecretKey)), token);
            var outcome = await store.TryCreateAsync(
                new Bucket
                {
                    Id = id, OrganizationId = organization, Name = $"bucket {i}", BucketName = S3rver.BucketName, StorageTypeName = "S3",
                    Region = "us-east-1", Endpoint = endpoint.ToString(), KeyHint = "S3RV...", Status = BucketStatus.Online,
                    LastStatusAt = now, CreatedAt = now, UpdatedAt = now, Revision = 1, CredentialVersion = version,
                },
                null, null, token);
            if (outcome is not CreateBucketOutcome.Created)
            {
                throw new InvalidOperationException($"Bucket {i} was not registered: {outcome.GetType().Name}");
            }
        });
    }

    /// <summary>Counts every request the Table SDK sends, one per try.</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Reset() => Interlocked.Exchange(ref count, 0);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
    }
}
