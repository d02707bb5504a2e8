using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.ProviderKeys;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.Tests.Buckets;
using BucketFunctions.Infrastructure.Tests.KeyVault;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.ProviderKeys;

/// <summary>
/// The sweep over vault entries that belong to provider keys (stored under the key's id): the version a key names is
/// live, however old and whichever buckets use it; another version of it, and the entries of a key that is gone, go.
/// </summary>
public sealed class ProviderKeySweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_keys_current_version_is_kept_and_its_old_versions_and_deleted_keys_entries_go()
    {
        await using var services = await CredentialServices.StartAsync(azurite.Azurite, null, new Dictionary<string, string?>
        {
            ["Vault:Sweep:MinimumAge"] = "00:15:00",
        });
        var credential = new StorageCredential("AKIA", new SecretString("key-sweep-" + Guid.NewGuid().ToString("N")));
        var pastVault = new EnvelopeCredentialVault(
            services.CredentialsTable(), services.Get<EnvelopeCipher>(), new FixedClock(DateTimeOffset.UtcNow.AddHours(-2)));
        var (org, keyId) = (services.OrganizationId, Guid.NewGuid());

        var current = await pastVault.PutAsync(new CredentialScope(org, keyId), credential, None);
        var old = await pastVault.PutAsync(new CredentialScope(org, keyId), credential, None);
        var now = DateTimeOffset.UtcNow;
        var key = new ProviderKey
        {
            Id = keyId, OrganizationId = org, WorkspaceId = services.WorkspaceId, ProviderName = "AWS", KeyHint = "AK...IA",
            CredentialVersion = current, BucketCount = 0, CreatedAt = now, UpdatedAt = now, Revision = 1,
        };
        await services.Get<IProviderKeyStore>().CreateAsync(key, None);

        // A bucket that moved onto the key: its own entry from before is nothing's now.
        var bucket = SampleBuckets.New(org, "keyed");
        var leftover = await pastVault.PutAsync(bucket.OwnCredentialScope(), credential, None);
        Assert.IsType<CreateBucketOutcome.Created>(await services.Get<IBucketStore>().TryCreateAsync(
            bucket with { ApiKeyId = keyId, CredentialVersion = current }, null, null, None));
        var deletedKey = new CredentialScope(org, Guid.NewGuid());
        await pastVault.PutAsync(deletedKey, credential, None);

        var result = await services.Get<CredentialSweepService>().SweepAsync(None);

        Assert.Equal(new CredentialSweepResult(4, 3, 1, 0, 0), result);
        var left = Assert.Single(await services.Get<ICredentialInventory>().EntriesAsync());
        Assert.Equal(key.CredentialScope(), left.Scope);
        var vault = services.Get<ICredentialVault>();
        Assert.Equal(credential, await vault.GetAsync(key.CredentialScope(), None));
        Assert.Null(await vault.GetAsync(new CredentialScope(org, keyId, old), None));
        Assert.Null(await vault.GetAsync(bucket.OwnCredentialScope() with { Version = leftover }, None));
    }
}
