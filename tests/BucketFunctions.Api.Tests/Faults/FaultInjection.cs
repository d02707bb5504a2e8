using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Core.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// A test class whose app wraps the real bucket store, credential vault and idempotency store with
/// <see cref="FaultCues"/>: while a cue is unset the real adapter answers, so everything else (Azurite, s3rver,
/// handlers, registration) stays real.
/// </summary>
public abstract class FaultTestBase : ApiTestBase
{
    protected FaultTestBase(Dictionary<string, string?>? overrides = null)
        : this(new FaultCues(), overrides)
    {
    }

    private FaultTestBase(FaultCues cues, Dictionary<string, string?>? overrides)
        : base(overrides, cues.Install) =>
        Cues = cues;

    protected FaultCues Cues { get; }
}

/// <summary>What the wrapped adapters do instead of (or around) the real call. Set a cue in a test; null means "be real".</summary>
public sealed class FaultCues
{
    /// <summary>Replaces <see cref="IBucketStore.TryCreateAsync"/>; the second argument runs the real commit.</summary>
    public Func<Bucket, Func<Task<CreateBucketOutcome>>, Task<CreateBucketOutcome>>? TryCreate { get; set; }

    /// <summary>Runs before the real <see cref="ICredentialVault.PutAsync"/>, with the token the caller passed; throw to fail the write.</summary>
    public Func<CredentialScope, CancellationToken, Task>? BeforeVaultPut { get; set; }

    /// <summary>Runs before the real <see cref="ICredentialVault.DeleteAsync"/>; throw to fail the cleanup.</summary>
    public Func<CredentialScope, Task>? BeforeVaultDelete { get; set; }

    /// <summary>Runs before the real <see cref="IBucketStore.GetAsync"/>; throw to fail the read.</summary>
    public Func<Task>? BeforeGet { get; set; }

    /// <summary>Replaces <see cref="IIdempotencyStore.RenewAsync"/>; the second argument runs the real renewal.</summary>
    public Func<IdempotencyLease, Func<Task<bool>>, Task<bool>>? Renew { get; set; }

    /// <summary>The app's clock, which a test may move on (its timers run in real time).</summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>Wraps the app's own registrations of the ports (applied after them, via ConfigureTestServices).</summary>
    public void Install(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        Decorate<IBucketStore>(services, real => new FaultyBucketStore(real, this));
        Decorate<ICredentialVault>(services, real => new FaultyCredentialVault(real, this));
        Decorate<IIdempotencyStore>(services, real => new FaultyIdempotencyStore(real, this));
    }

    /// <summary>Registers a wrapper around the app's own (last, factory-made) registration of a port.</summary>
    internal static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var registration = services.Last(d => d.ServiceType == typeof(T) && !d.IsKeyedService);
        var build = registration.ImplementationFactory
            ?? throw new InvalidOperationException($"{typeof(T).Name} is expected to be registered by a factory.");
        services.AddSingleton(sp => wrap((T)build(sp)));
    }

    private sealed class FaultyBucketStore(IBucketStore real, FaultCues cues) : IBucketStore
    {
        public Task<CreateBucketOutcome> TryCreateAsync(
            Bucket bucket, QuotaReading? observed, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken) =>
            cues.TryCreate is { } cue
                ? cue(bucket, () => real.TryCreateAsync(bucket, observed, completion, cancellationToken))
                : real.TryCreateAsync(bucket, observed, completion, cancellationToken);

        public Task<QuotaReading> ReadQuotaAsync(string organizationId, CancellationToken cancellationToken) =>
            real.ReadQuotaAsync(organizationId, cancellationToken);

        public Task<bool> NameTakenAsync(string organizationId, string name, CancellationToken cancellationToken) =>
            real.NameTakenAsync(organizationId, name, cancellationToken);

        public async Task<Bucket?> GetAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken)
        {
            if (cues.BeforeGet is { } cue)
            {
                await cue();
            }

            return await real.GetAsync(organizationId, bucketId, cancellationToken);
        }

        public Task<BucketPage> ListAsync(string organizationId, BucketListQuery query, CancellationToken cancellationToken) =>
            real.ListAsync(organizationId, query, cancellationToken);

        public Task<UpdateBucketOutcome> TryUpdateAsync(
            Bucket updated, long expectedRevision, IdempotencyCompletion<Bucket>? completion, CancellationToken cancellationToken) =>
            real.TryUpdateAsync(updated, expectedRevision, completion, cancellationToken);

        public Task<bool> DeleteAsync(string organizationId, Guid bucketId, CancellationToken cancellationToken) =>
            real.DeleteAsync(organizationId, bucketId, cancellationToken);

        public Task RecordStatusAsync(
            Bucket checkedBucket, BucketStatus status, DateTimeOffset at, TimeSpan? latency, CancellationToken cancellationToken) =>
            real.RecordStatusAsync(checkedBucket, status, at, latency, cancellationToken);

        public Task<QuotaUsage> GetQuotaAsync(string organizationId, CancellationToken cancellationToken) =>
            real.GetQuotaAsync(organizationId, cancellationToken);

    }

    private sealed class FaultyIdempotencyStore(IIdempotencyStore real, FaultCues cues) : IIdempotencyStore
    {
        public Task<IdempotencyClaim> TryClaimAsync(
            string organizationId, string key, byte[] requestHash, CancellationToken cancellationToken) =>
            real.TryClaimAsync(organizationId, key, requestHash, cancellationToken);

        public Task<bool> RenewAsync(IdempotencyLease lease, CancellationToken cancellationToken) =>
            cues.Renew is { } cue ? cue(lease, () => real.RenewAsync(lease, cancellationToken)) : real.RenewAsync(lease, cancellationToken);

        public Task<bool> CompleteAsync(IdempotencyLease lease, StoredResponse response, CancellationToken cancellationToken) =>
            real.CompleteAsync(lease, response, cancellationToken);

        public Task ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken) =>
            real.ReleaseAsync(lease, cancellationToken);
    }

    private sealed class FaultyCredentialVault(ICredentialVault real, FaultCues cues) : ICredentialVault
    {
        public async Task<string> PutAsync(CredentialScope scope, StorageCredential credential, CancellationToken cancellationToken)
        {
            if (cues.BeforeVaultPut is { } cue)
            {
                await cue(scope, cancellationToken);
            }

            return await real.PutAsync(scope, credential, cancellationToken);
        }

        public Task<StorageCredential?> GetAsync(CredentialScope scope, CancellationToken cancellationToken) =>
            real.GetAsync(scope, cancellationToken);

        public async Task<bool> DeleteAsync(CredentialScope scope, CancellationToken cancellationToken)
        {
            if (cues.BeforeVaultDelete is { } cue)
            {
                await cue(scope);
            }

            return await real.DeleteAsync(scope, cancellationToken);
        }

        public Task<bool> DiscardVersionAsync(CredentialScope scope, CancellationToken cancellationToken) =>
            real.DiscardVersionAsync(scope, cancellationToken);
    }
}
