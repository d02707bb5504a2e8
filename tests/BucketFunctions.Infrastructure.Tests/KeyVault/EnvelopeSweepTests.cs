using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.Tests.Buckets;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>The sweep in Envelope mode, run by the background service the local host registers.</summary>
public sealed class EnvelopeSweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_background_service_sweeps_old_orphans_and_unused_versions_and_keeps_live_buckets_and_young_entries()
    {
        await using var services = await CredentialServices.StartAsync(azurite.Azurite, null, new Dictionary<string, string?>
        {
            ["Vault:Sweep:Interval"] = "00:00:01",
            ["Vault:Sweep:MinimumAge"] = "00:15:00",
        });
        var vault = services.Get<ICredentialVault>();
        var credential = new StorageCredential("AKIA", new SecretString("sweep-secret-" + Guid.NewGuid().ToString("N")));
        var pastVault = new EnvelopeCredentialVault(
            services.CredentialsTable(), services.Get<EnvelopeCipher>(), new FixedClock(DateTimeOffset.UtcNow.AddHours(-2)));

        var live = SampleBuckets.New(services.OrganizationId, "live");
        live = live with { CredentialVersion = await pastVault.PutAsync(live.CredentialScope(), credential, None) };
        Assert.IsType<CreateBucketOutcome.Created>(await services.Get<IBucketStore>().TryCreateAsync(live, null, null, None));

        // A crash between an update's vault write and its commit: a version of the live bucket that its row never named.
        var uncommitted = live.CredentialScope() with { Version = await pastVault.PutAsync(live.CredentialScope(), credential, None) };
        var oldOrphans = Enumerable.Range(0, 3).Select(_ => new CredentialScope(services.OrganizationId, Guid.NewGuid())).ToList();
        foreach (var orphan in oldOrphans)
        {
            await pastVault.PutAsync(orphan, credential, None);
        }

        var young = new CredentialScope("org-other", Guid.NewGuid());
        await vault.PutAsync(young, credential, None);

        var collection = new ServiceCollection().AddCredentialSweepBackgroundService();
        var hosted = Assert.Single(collection, d => d.ServiceType == typeof(IHostedService));
        var sweeper = (IHostedService)ActivatorUtilities.CreateInstance(services.Provider, hosted.ImplementationType!);
        await sweeper.StartAsync(None);
        string? summary;
        try
        {
            // Waits for the first sweep to finish rather than for the entries to go: the entries are gone before the sweep
            // logs its summary, and stopping in between cancelled the summary (the test then failed under load).
            summary = await services.Logs.FirstAsync("Credential sweep:", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await sweeper.StopAsync(None);
        }

        Assert.NotNull(summary);
        Assert.Contains("6 entries examined, 4 orphans removed, 1 live, 1 too young, 0 failed", summary, StringComparison.Ordinal);
        var left = await services.Get<ICredentialInventory>().EntriesAsync();
        Assert.Equal(new[] { live.Id, young.BucketId }.Order(), left.Select(e => e.Scope.BucketId).Order());
        Assert.Equal(live.CredentialVersion, Assert.Single(left, e => e.Scope.BucketId == live.Id).Scope.Version);
        Assert.NotNull(await vault.GetAsync(live.CredentialScope(), None));
        Assert.Null(await vault.GetAsync(uncommitted, None));
        Assert.DoesNotContain(services.Logs.Lines, l => l.Contains(credential.Secret.Reveal(), StringComparison.Ordinal));
    }
}
