using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Registration;
using BucketFunctions.Core.Results;
using BucketFunctions.Core.Validation;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.Emulators;
using BucketFunctions.Testing.KeyVault;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>
/// Registration, deletion and the sweep in KeyVault mode, on the service's own registrations: the real Table bucket
/// store on Azurite, the real S3 probe against s3rver, the real SecretClient against the fake vault. Every test counts
/// the stored buckets, the quota counter and the vault's secrets.
/// </summary>
public sealed class CredentialFaultTests(AzuriteFixture azurite, S3rverFixture s3rver)
    : IClassFixture<AzuriteFixture>, IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string secret = "s3rver-accepts-any-secret/" + Guid.NewGuid().ToString("N");
    private FakeKeyVault fake = null!;
    private CredentialServices services = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeKeyVault.StartAsync();
        services = await CredentialServices.StartAsync(azurite.Azurite, fake);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task A_registration_lands_its_credential_as_one_secret_and_one_bucket()
    {
        var result = await RegisterAsync("first");

        Assert.True(result.Succeeded, result.Failure?.Detail);
        Assert.Equal([KeyVaultSecretNames.ForBucket(result.Value.Id)], fake.SecretNames());
        Assert.Equal(1, (await Quota()).Current);
        var stored = await services.Get<ICredentialVault>().GetAsync(result.Value.CredentialScope(), None);
        Assert.Equal(secret, stored?.Secret.Reveal());
    }

    [Fact]
    public async Task A_vault_that_refuses_the_write_gives_a_provider_unavailable_failure_and_stores_nothing()
    {
        fake.FailWritesWith = 403;

        var result = await RegisterAsync("refused");

        Assert.False(result.Succeeded);
        Assert.Equal(FailureKind.ProviderUnavailable, result.Failure!.Kind);
        Assert.DoesNotContain(secret, result.Failure.Detail, StringComparison.Ordinal);
        Assert.Empty(fake.SecretNames());
        Assert.Empty(await Buckets());
        Assert.Equal(0, (await Quota()).Current);
        Assert.DoesNotContain(services.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Envelope_mode_a_credential_table_that_refuses_the_write_is_the_same_failure_and_stores_nothing()
    {
        await using var envelope = await CredentialServices.StartAsync(azurite.Azurite, null);
        Assert.Equal(204, (await envelope.CredentialsTable().DeleteAsync()).Status);

        var result = await envelope.Get<BucketRegistrationService>()
            .RegisterAsync(envelope.Caller, Input("envelope-refused", envelope.WorkspaceId), null, None);

        Assert.Equal(FailureKind.ProviderUnavailable, result.Failure?.Kind);
        Assert.Empty((await envelope.Get<IBucketStore>().ListAsync(envelope.OrganizationId, new BucketListQuery(null, BucketListQuery.MaxPageSize, null), None)).Buckets);
        Assert.Equal(0, (await envelope.Get<IBucketStore>().GetQuotaAsync(envelope.OrganizationId, None)).Current);
        Assert.Contains(envelope.Logs.Lines, line => line.Contains("The credential table: the write", StringComparison.Ordinal) && line.Contains("404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_table_transaction_refuses_after_the_vault_write_the_vault_entry_is_removed()
    {
        // Six registrations of one name pass the name pre-check together (the probe takes a while); the entity group
        // transaction lets exactly one claim the name, and the others' transactions fail after their vault writes.
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => RegisterAsync("contended"))));

        var created = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(FailureKind.DuplicateBucketName, r.Failure!.Kind));
        Assert.Equal([KeyVaultSecretNames.ForBucket(created.Value.Id)], fake.SecretNames());
        Assert.NotEmpty(fake.DeletedNames());  // at least one refused commit had written, and was cleaned up
        Assert.Single(await Buckets());
        Assert.Equal(1, (await Quota()).Current);
    }

    [Fact]
    public async Task The_sweep_removes_an_old_orphan_left_by_a_crash_and_leaves_live_and_young_entries_alone()
    {
        var live = new List<Bucket>();
        for (var i = 0; i < 3; i++)
        {
            var registered = await RegisterAsync("live-" + i);
            Assert.True(registered.Succeeded, registered.Failure?.Detail);
            live.Add(registered.Value);
        }

        // A crash between the vault write and the commit: the vault holds entries whose buckets never landed.
        var vault = services.Get<ICredentialVault>();
        var credential = new StorageCredential("AKIAORPHAN", new SecretString(secret));
        var realNow = fake.Now;
        fake.Now = () => realNow().AddHours(-1);
        var oldOrphan = new CredentialScope(services.OrganizationId, Guid.NewGuid());
        await vault.PutAsync(oldOrphan, credential, None);
        fake.Now = realNow;
        var youngOrphan = new CredentialScope(services.OrganizationId, Guid.NewGuid());
        await vault.PutAsync(youngOrphan, credential, None);

        // The live buckets' secrets are as old as the orphan: age alone never condemns an entry.
        var sweep = await services.Get<CredentialSweepService>().SweepAsync(None);

        Assert.Equal(new CredentialSweepResult(Examined: 5, Removed: 1, Live: 3, TooYoung: 1, Failed: 0), sweep);
        Assert.Equal(
            live.Select(b => KeyVaultSecretNames.ForBucket(b.Id)).Append(KeyVaultSecretNames.ForBucket(youngOrphan.BucketId)).Order(),
            fake.SecretNames().Order());
        Assert.Equal([KeyVaultSecretNames.ForBucket(oldOrphan.BucketId)], fake.DeletedNames());
        foreach (var bucket in live)
        {
            Assert.NotNull(await vault.GetAsync(bucket.CredentialScope(), None));
        }

        Assert.Contains(services.Logs.Lines, line => line.Contains("1 orphans removed", StringComparison.Ordinal));
        Assert.DoesNotContain(services.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_an_update_wrote_but_never_committed_leaves_the_version_the_bucket_names_in_force()
    {
        var registered = await RegisterAsync("crashed-update");
        Assert.True(registered.Succeeded, registered.Failure?.Detail);
        var bucket = registered.Value;
        var vault = services.Get<ICredentialVault>();

        // A crash after the update's vault write: the newest version of the secret is one the row never named.
        var realNow = fake.Now;
        fake.Now = () => realNow().AddHours(-1);
        var uncommitted = bucket.CredentialScope() with
        {
            Version = await vault.PutAsync(bucket.CredentialScope(), new StorageCredential("AKIACRASHED", new SecretString("never-committed")), None),
        };
        fake.Now = realNow;

        var sweep = await services.Get<CredentialSweepService>().SweepAsync(None);

        // Key Vault is swept per secret (its listing names no versions): a secret whose bucket exists is never touched.
        Assert.Equal(new CredentialSweepResult(Examined: 1, Removed: 0, Live: 1, TooYoung: 0, Failed: 0), sweep);
        Assert.Equal(secret, (await vault.GetAsync(bucket.CredentialScope(), None))?.Secret.Reveal());
        Assert.Equal("AKIACRASHED", (await vault.GetAsync(uncommitted, None))?.Key);
        Assert.Empty(fake.DeletedNames());
    }

    [Fact]
    public async Task Re_registering_after_a_delete_uses_a_new_id_and_never_a_soft_deleted_name()
    {
        var first = (await RegisterAsync("again")).Value;
        Assert.True(await services.Get<IBucketStore>().DeleteAsync(services.OrganizationId, first.Id, None));
        Assert.True(await services.Get<ICredentialVault>().DeleteAsync(new CredentialScope(services.OrganizationId, first.Id), None));

        var second = await RegisterAsync("again");

        Assert.True(second.Succeeded, second.Failure?.Detail);
        Assert.NotEqual(first.Id, second.Value.Id);
        Assert.Equal([KeyVaultSecretNames.ForBucket(first.Id)], fake.DeletedNames());
        Assert.Equal([KeyVaultSecretNames.ForBucket(second.Value.Id)], fake.SecretNames());
        Assert.Equal(1, (await Quota()).Current);
    }

    private Task<Result<Bucket>> RegisterAsync(string name) =>
        services.Get<BucketRegistrationService>().RegisterAsync(services.Caller, Input(name, services.WorkspaceId), null, None);

    private BucketRegistrationInput Input(string name, string workspaceId) =>
        new()
        {
            Name = name,
            Bucket = S3rver.BucketName,
            StorageType = "S3",
            Key = S3rver.AccessKey,
            Secret = new SecretString(secret),
            Region = "us-east-1",
            Endpoint = s3rver.S3rver.Endpoint.ToString(),
            WorkspaceId = workspaceId,
        };

    private async Task<IReadOnlyList<Bucket>> Buckets() =>
        (await services.Get<IBucketStore>().ListAsync(services.OrganizationId, new BucketListQuery(null, BucketListQuery.MaxPageSize, null), None)).Buckets;

    private Task<Core.Quotas.QuotaUsage> Quota() => services.Get<IBucketStore>().GetQuotaAsync(services.OrganizationId, None);
}
