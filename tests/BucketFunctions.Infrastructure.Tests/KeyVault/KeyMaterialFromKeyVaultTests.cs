using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.Emulators;
using BucketFunctions.Testing.KeyVault;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>Envelope mode with its key set, and the idempotency fingerprint key, read from Key Vault secrets at start.</summary>
public sealed class KeyMaterialFromKeyVaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private FakeKeyVault fake = null!;

    public async Task InitializeAsync() => fake = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Envelope_mode_seals_under_the_active_key_of_the_key_set_secret_and_opens_with_any_listed_key()
    {
        var key1 = RandomNumberGenerator.GetBytes(32);
        var key2 = RandomNumberGenerator.GetBytes(32);
        SeedKeySet("k1", ("k1", key1));
        var scope = new CredentialScope("org-ks", Guid.NewGuid());
        await using (var before = await StartEnvelopeAsync())
        {
            scope = scope with { Version = await before.Get<ICredentialVault>().PutAsync(scope, new StorageCredential("AKIA", new SecretString("s1")), None) };
            Assert.Equal("k1", (await RawAsync(before, scope)).GetString("KeyId"));
        }

        // Rotation in Key Vault: a new version of the key-set secret with k2 active, k1 still listed.
        SeedKeySet("k2", ("k1", key1), ("k2", key2));
        await using var after = await StartEnvelopeAsync();
        var vault = after.Get<ICredentialVault>();
        var scope2 = scope with { BucketId = Guid.NewGuid() };
        scope2 = scope2 with { Version = await vault.PutAsync(scope2, new StorageCredential("AKIA", new SecretString("s2")), None) };

        Assert.IsType<EnvelopeCredentialVault>(vault);
        Assert.Equal("s1", (await vault.GetAsync(scope, None))?.Secret.Reveal());
        Assert.Equal("k2", (await RawAsync(after, scope2)).GetString("KeyId"));
        Assert.DoesNotContain(fake.SecretNames(), n => n.StartsWith("bucket-", StringComparison.Ordinal));  // credentials stay in the table
    }

    [Fact]
    public async Task A_key_set_secret_that_is_not_a_key_set_stops_the_start_naming_the_secret()
    {
        fake.Seed("envelope-keys", "not json");
        await using var services = await StartEnvelopeAsync();

        var error = Assert.Throws<InvalidOperationException>(() => services.Get<ICredentialVault>());

        Assert.Contains("'envelope-keys'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_idempotency_fingerprint_key_comes_from_its_Key_Vault_secret()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        fake.Seed("idempotency-key", Convert.ToBase64String(key));
        SeedKeySet("k1", ("k1", RandomNumberGenerator.GetBytes(32)));
        await using var services = await StartEnvelopeAsync(new Dictionary<string, string?> { ["Idempotency:FingerprintKeySecretName"] = "idempotency-key" });
        var hash = SHA256.HashData("{}"u8);

        Assert.Equal(HMACSHA256.HashData(key, hash), services.Get<IdempotencyFingerprint>().Of(hash));
    }

    private void SeedKeySet(string active, params (string Id, byte[] Key)[] keys) =>
        fake.Seed("envelope-keys", JsonSerializer.Serialize(new
        {
            activeKeyId = active,
            keys = keys.ToDictionary(k => k.Id, k => Convert.ToBase64String(k.Key)),
        }));

    private Task<CredentialServices> StartEnvelopeAsync(Dictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Vault:Mode"] = "Envelope",
            ["Vault:Envelope:KeySetSecretName"] = "envelope-keys",
            ["Vault:Envelope:ActiveKeyId"] = null,
            ["Vault:Envelope:Keys:k1"] = null,
        };
        foreach (var (k, v) in extra ?? [])
        {
            overrides[k] = v;
        }

        return CredentialServices.StartAsync(azurite.Azurite, fake, overrides);
    }

    private static async Task<TableEntity> RawAsync(CredentialServices services, CredentialScope scope) =>
        (await services.CredentialsTable().FindAsync(
            TableKey.Encode(scope.OrganizationId), EnvelopeCredentialVault.RowKey(scope)))!;
}
