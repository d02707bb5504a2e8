using System.Collections.Concurrent;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Monitoring;
using BucketFunctions.Core.Probing;
using Microsoft.Extensions.DependencyInjection;

namespace BucketFunctions.Api.Tests.Health;

/// <summary>
/// Fairness of a pass: one organization with 1,000 buckets, listed first, and ten with one each. Everything is real
/// (Azurite for the buckets, vault, claims and history) but the provider check, which is a stand-in at the
/// <see cref="IStorageProbe"/> port that answers at once and notes the order it was asked in: 1,010 real checks against
/// s3rver would measure s3rver, not the order. Measured: the position of each small organization's bucket in that order.
/// </summary>
public sealed class FairnessTests() : ApiTestBase(
    new Dictionary<string, string?> { ["Health:Concurrency"] = "4", ["Health:Region"] = "fair-region" },
    services => services.AddSingleton<IStorageProbe>(Recorder))
{
    private const int BigBuckets = 1_000;
    private const int SmallOrganizations = 10;

    private static readonly OrderRecorder Recorder = new();

    [Fact]
    public async Task Every_small_organization_s_bucket_is_checked_within_the_first_two_percent_of_the_pass()
    {
        // Organization ids sort the big one first, so a pass that went organization by organization would reach the
        // small ones only after its thousand.
        var big = "aaa-big-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(big, bucketLimit: BigBuckets);
        await SeedAsync(big, BigBuckets);
        var small = new List<string>();
        for (var i = 0; i < SmallOrganizations; i++)
        {
            small.Add($"zzz-small-{i}-" + Guid.NewGuid().ToString("N")[..6]);
            await CreateOrganizationAsync(small[^1], bucketLimit: null);
            await SeedAsync(small[^1], 1);
        }

        var checks = Factory.Services.GetRequiredService<ScheduledCheckService>();
        var result = await checks.RunPassAsync(checks.SlotOf(DateTimeOffset.UtcNow), CancellationToken.None);

        var order = Recorder.Order.ToList();
        Assert.Equal(BigBuckets + SmallOrganizations, result!.Checked);
        Assert.Equal(BigBuckets + SmallOrganizations, order.Count);
        var limit = (int)Math.Ceiling(order.Count * 0.02);
        foreach (var organization in small)
        {
            var position = order.IndexOf(organization);
            Assert.True(position >= 0 && position < limit, $"{organization}'s bucket was check {position + 1} of {order.Count}");
        }
    }

    /// <summary>
    /// Bucket rows and their credentials written through the real stores, as registration leaves them; the credential's key
    /// is the organization's id, so the stand-in can tell whose bucket it checks.
    /// </summary>
    private async Task SeedAsync(string organizationId, int count)
    {
        var store = Factory.Services.GetRequiredService<IBucketStore>();
        var vault = Factory.Services.GetRequiredService<ICredentialVault>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var id = Guid.NewGuid();
            var version = await vault.PutAsync(
                new CredentialScope(organizationId, id), new StorageCredential(organizationId, new SecretString(NewSecret())), token);
            var now = DateTimeOffset.UtcNow;
            var outcome = await store.TryCreateAsync(
                new Bucket
                {
                    Id = id, OrganizationId = organizationId, Name = $"bucket {i}", BucketName = S3rver.BucketName, StorageTypeName = "S3",
                    Region = "us-east-1", Endpoint = S3.Endpoint.ToString(), WorkspaceId = Workspace, KeyHint = "S3RV...",
                    Status = BucketStatus.Online, LastStatusAt = now, CreatedAt = now, UpdatedAt = now, Revision = 1, CredentialVersion = version,
                },
                null, null, token);
            Assert.IsType<CreateBucketOutcome.Created>(outcome);
        });
    }

    /// <summary>Answers every check as verified at once and notes whose bucket it was (the seeded key is its organization's id), in order.</summary>
    private sealed class OrderRecorder : IStorageProbe
    {
        private readonly ConcurrentQueue<string> order = new();

        public IEnumerable<string> Order => order;

        public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
        {
            order.Enqueue(request.Credential.Key);
            return Task.FromResult(new ProbeResult(ProbeOutcome.Verified, "Verified.", TimeSpan.FromMilliseconds(1), []));
        }
    }
}
