using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// A test class whose app runs on the real adapters wrapped by <see cref="PortFaults"/>, and the check every fault
/// test ends with: the organization's stored state is consistent, before and after the credential sweep.
/// </summary>
public abstract class PortFaultTestBase : ApiTestBase
{
    /// <summary>The smallest age the sweep's validator allows; the clock moves past it before the sweep runs.</summary>
    private static readonly TimeSpan SweepAge = TimeSpan.FromMinutes(5);

    protected PortFaultTestBase(Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? moreServices = null)
        : this(new PortFaults(), overrides, moreServices)
    {
    }

    private PortFaultTestBase(PortFaults faults, Dictionary<string, string?>? overrides, Action<IServiceCollection>? moreServices)
        : base(WithSweepAge(overrides), services =>
        {
            faults.Install(services);
            moreServices?.Invoke(services);
        }) =>
        Faults = faults;

    protected PortFaults Faults { get; }

    /// <summary>
    /// Disarms the faults, then asserts: counter == bucket rows == name rows and every name claim points at a bucket
    /// row; every bucket row has a credential the app's vault decrypts, whose key matches the row's hint (and whose
    /// secret is the expected one, where given); and after the sweep (the minimum age elapsed) the vault holds
    /// exactly one entry per bucket row.
    /// </summary>
    protected async Task<StoredState> AssertConsistentAsync(IReadOnlyDictionary<Guid, string>? expectedSecrets = null)
    {
        Faults.Disarm();
        var partition = TenantRows.Partition(OrganizationId);
        var buckets = new List<Bucket>();
        var claims = new List<Guid?>();
        await foreach (var row in Factory.Table(Factory.TenantsTable).QueryAsync<TableEntity>(TableOData.Equal("PartitionKey", partition)))
        {
            if (row.RowKey.StartsWith(TenantRows.BucketPrefix, StringComparison.Ordinal))
            {
                buckets.Add(BucketEntityMapper.ToBucket(row));
            }
            else if (row.RowKey.StartsWith(TenantRows.NamePrefix, StringComparison.Ordinal))
            {
                claims.Add(row.GetGuid("BucketId"));
            }
        }

        var before = await StoredAsync();
        Assert.True(
            before.Counter == buckets.Count && claims.Count == buckets.Count, $"Counter, bucket rows and name rows differ: {before}");
        Assert.Equal(buckets.Select(b => (Guid?)b.Id).Order(), claims.Order());

        var vault = Factory.Services.GetRequiredService<ICredentialVault>();
        foreach (var bucket in buckets)
        {
            var credential = await vault.GetAsync(bucket.CredentialScope(), CancellationToken.None);
            Assert.True(credential is not null, $"Bucket {bucket.Id} has no credential in the vault.");
            Assert.Equal(bucket.KeyHint, KeyHint.For(credential.Key));
            if (expectedSecrets?.TryGetValue(bucket.Id, out var secret) == true)
            {
                Assert.True(
                    secret == credential.Secret.Reveal(), $"Bucket {bucket.Id} (revision {bucket.Revision}) holds another secret than expected.");
            }
        }

        Faults.Clock.Advance(SweepAge + TimeSpan.FromMinutes(1));
        var swept = await Factory.Services.GetRequiredService<CredentialSweepService>().SweepAsync(CancellationToken.None);
        Assert.Equal(0, swept.Failed);
        var entries = new List<Guid>();
        await foreach (var entry in Factory.Services.GetRequiredService<ICredentialInventory>().ListAsync(CancellationToken.None))
        {
            if (entry.Scope.OrganizationId == OrganizationId)
            {
                entries.Add(entry.Scope.BucketId);
            }
        }

        Assert.Equal(buckets.Select(b => b.Id).Order(), entries.Order());
        return new StoredState(buckets.Count, claims.Count, entries.Count, before.Counter);
    }

    /// <summary>Sends a request with a correlation id, cancelled through <paramref name="cancellation"/>, and returns the id.</summary>
    protected async Task<(HttpResponseMessage? Response, string CorrelationId)> SendCancellableAsync(
        HttpMethod method, string path, JsonNode? body, CancellationToken cancellation)
    {
        var correlationId = "fault-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        request.Headers.Add("x-correlation-id", correlationId);
        try
        {
            return (await Tenant.SendAsync(request, cancellation), correlationId);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return (null, correlationId);
        }
    }

    /// <summary>Waits for the pipeline's last log line of a request (answered, cancelled or failed).</summary>
    protected async Task RequestFinishedAsync(string operation, string correlationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool Finished(string line) => line.Contains(operation, StringComparison.Ordinal) && line.Contains(correlationId, StringComparison.Ordinal);
        while (!Factory.Logs.Lines.Any(Finished))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{operation} {correlationId} did not finish.");
            await Task.Delay(20);
        }
    }

    protected static Guid IdOf(JsonObject bucket) => Guid.Parse(bucket["id"]!.GetValue<string>());

    private static Dictionary<string, string?> WithSweepAge(Dictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>(overrides ?? []) { ["Vault:Sweep:MinimumAge"] = SweepAge.ToString() };
        return settings;
    }
}
