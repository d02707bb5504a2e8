using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Probing;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.TableStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// Faults at the ports, on the real adapters: every call to <see cref="IBucketStore"/>, <see cref="ICredentialVault"/>
/// and <see cref="IStorageProbe"/> is counted and can be interrupted (see <see cref="OnCall"/>), and the bucket store's
/// table client sends through <see cref="TableFaults"/>, an HTTP handler in front of Azurite. A clock the test can move
/// lets the credential sweep see entries as old enough.
/// </summary>
public sealed class PortFaults
{
    private int calls;

    /// <summary>
    /// Runs as port call number n (1-based, in start order) starts, and again as it ends, before the caller sees its result.
    /// </summary>
    public Func<PortCall, Task>? OnCall { get; set; }

    public TableFaultHandler TableFaults { get; } = new();

    public ShiftedClock Clock { get; } = new();

    /// <summary>Stops counting and interrupting, so the consistency check reads through the real adapters.</summary>
    public void Disarm()
    {
        OnCall = null;
        TableFaults.Clear();
    }

    public void Install(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);

        // The real TableBucketStore, on its own client whose transport passes through the fault handler.
        services.AddSingleton<IBucketStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            var options = TableClients.CreateOptions();
            options.Transport = new HttpClientTransport(TableFaults);
            options.Retry.Delay = TimeSpan.FromMilliseconds(20);
            options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(500);
            var tenants = new TableClient(storage.ConnectionString!, storage.TenantsTable, options);
            return new CountingBucketStore(new TableBucketStore(tenants, sp.GetRequiredService<IOptions<QuotaOptions>>()), this);
        });
        FaultCues.Decorate<ICredentialVault>(services, real => new CountingVault(real, this));
        services.AddSingleton<IStorageProbe>(sp =>
            new CountingProbe(ActivatorUtilities.CreateInstance<Infrastructure.Probing.StorageProbe>(sp), this));
    }

    private async Task<TResult> CallAsync<TResult>(string name, CancellationToken token, Func<Task<TResult>> real)
    {
        if (OnCall is null)
        {
            return await real();
        }

        var number = Interlocked.Increment(ref calls);
        await Notify(new PortCall(number, name, Ending: false, token));
        var result = await real();
        await Notify(new PortCall(number, name, Ending: true, token));
        return result;
    }

    private Task Notify(PortCall call) => OnCall is { } cue ? cue(call) : Task.CompletedTask;

    private sealed class CountingBucketStore(IBucketStore real, PortFaults faults) : IBucketStore
    {
        public Task<CreateBucketOutcome> TryCreateAsync(
            Bucket bucket, QuotaReading? observed, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken) =>
            faults.CallAsync("TryCreate", cancellationToken, () => real.TryCreateAsync(bucket, observed, completion, cancellationToken));

        public Task<bool> NameTakenAsync(string organizationId, string name, CancellationToken cancellationToken) =>
            faults.CallAsync("NameTaken", cancellationToken, () => real.NameTakenAsync(organizationId, name, cancellationToken));

        public Task<Bucket?> GetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken) =>
            faults.CallAsync("Get", cancellationToken, () => real.GetAsync(organizationId, bucketId, cancellationToken));

        public Task<BucketPage> ListAsync(string organizationId, BucketListQuery query, CancellationToken cancellationToken) =>
            faults.CallAsync("List", cancellationToken, () => real.ListAsync(organizationId, query, cancellationToken));

        public Task<UpdateBucketOutcome> TryUpdateAsync(
            Bucket updated, long expectedRevision, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken) =>
            faults.CallAsync("TryUpdate", cancellationToken,
                () => real.TryUpdateAsync(updated, expectedRevision, completion, cancellationToken));

        public Task<bool> DeleteAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken) =>
            faults.CallAsync("Delete", cancellationToken, () => real.DeleteAsync(organizationId, bucketId, cancellationToken));

        public Task RecordStatusAsync(
            Bucket checkedBucket, BucketStatus status, DateTimeOffset at, TimeSpan? latency, CancellationToken cancellationToken) =>
            faults.CallAsync("RecordStatus", cancellationToken, async () =>
            {
                await real.RecordStatusAsync(checkedBucket, status, at, latency, cancellationToken);
                return true;
            });

        public Task<QuotaUsage> GetQuotaAsync(string organizationId, CancellationToken cancellationToken) =>
            faults.CallAsync("GetQuota", cancellationToken, () => real.GetQuotaAsync(organizationId, cancellationToken));

        public Task<QuotaReading> ReadQuotaAsync(string organizationId, CancellationToken cancellationToken) =>
            faults.CallAsync("ReadQuota", cancellationToken, () => real.ReadQuotaAsync(organizationId, cancellationToken));
    }

    private sealed class CountingVault(ICredentialVault real, PortFaults faults) : ICredentialVault
    {
        public Task<string> PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken) =>
            faults.CallAsync("VaultPut", cancellationToken, () => real.PutAsync(scope, credential, cancellationToken));

        public Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken) =>
            faults.CallAsync("VaultGet", cancellationToken, () => real.GetAsync(scope, cancellationToken));

        public Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken) =>
            faults.CallAsync("VaultDelete", cancellationToken, () => real.DeleteAsync(scope, cancellationToken));

        public Task<bool> DiscardVersionAsync(CredentialScope scope, CancellationToken cancellationToken) =>
            faults.CallAsync("VaultDiscard", cancellationToken, () => real.DiscardVersionAsync(scope, cancellationToken));
    }

    private sealed class CountingProbe(IStorageProbe real, PortFaults faults) : IStorageProbe
    {
        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
            faults.CallAsync("Probe", cancellationToken, () => real.ProbeAsync(request, cancellationToken));
    }
}

/// <summary>One port call as it starts or ends, with the token its caller passed.</summary>
public sealed record PortCall(int Number, string Name, bool Ending, CancellationToken Token);

/// <summary>How a table batch (entity group transaction) fails.</summary>
public enum BatchFault
{
    /// <summary>503 ServerBusy; the service did not see the transaction.</summary>
    Busy,

    /// <summary>The service applied the transaction, but the client got 503 instead of its answer.</summary>
    AppliedThenBusy,

    /// <summary>No answer until the client's network timeout; the service did not see the transaction.</summary>
    Stall,

    /// <summary>The service applied the transaction, then the answer never arrived (the client times out).</summary>
    AppliedThenStall,
}

/// <summary>The table client's HTTP handler: passes to Azurite, except for the batches given a fault by <see cref="Fail"/>.</summary>
public sealed class TableFaultHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<BatchFault> faults = new();
    private int faulted;
    private int delivered;

    /// <summary>How many batches were failed so far.</summary>
    public int Faulted => Volatile.Read(ref faulted);

    /// <summary>How many batches reached Azurite.</summary>
    public int Delivered => Volatile.Read(ref delivered);

    /// <summary>
    /// The next <paramref name="batches"/> batches (after those already queued) suffer <paramref name="fault"/>; each
    /// retry by the pipeline is one batch.
    /// </summary>
    public TableFaultHandler Fail(BatchFault fault, int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            faults.Enqueue(fault);
        }

        return this;
    }

    public void Clear() => faults.Clear();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isBatch = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal);
        if (!isBatch || !faults.TryDequeue(out var fault))
        {
            Interlocked.Add(ref delivered, isBatch ? 1 : 0);
            return await base.SendAsync(request, cancellationToken);
        }

        Interlocked.Increment(ref faulted);
        if (fault is BatchFault.AppliedThenBusy or BatchFault.AppliedThenStall)
        {
            Interlocked.Increment(ref delivered);
            using var applied = await base.SendAsync(request, cancellationToken);
            await applied.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        if (fault is BatchFault.Stall or BatchFault.AppliedThenStall)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        const string Error = """{"odata.error":{"code":"ServerBusy","message":{"lang":"en-US","value":"The server is busy."}}}""";
        return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            RequestMessage = request,
            Content = new StringContent(Error, Encoding.UTF8, "application/json"),
        };
    }
}

/// <summary>The system clock plus an offset the test moves forward.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
}
