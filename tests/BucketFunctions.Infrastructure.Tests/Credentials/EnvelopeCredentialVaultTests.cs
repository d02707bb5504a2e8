using System.Security.Cryptography;
using System.Text;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Credentials;

public sealed class EnvelopeCredentialVaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static readonly string KeyA = NewKey();
    private static readonly string KeyB = NewKey();

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_put_credential_comes_back_from_get()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope();

        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);
        var read = await vault.GetAsync(scope, None);

        Assert.NotNull(read);
        Assert.Equal(AccessKey, read.Key);
        Assert.Equal(Secret, read.Secret.Reveal());
    }

    [Fact]
    public async Task Secrets_with_quotes_newlines_and_unicode_round_trip_unchanged()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope("org 'ü' / # ? %");
        const string serviceAccountJson = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE…\\n\"\n}";

        await vault.PutAsync(scope, new StorageCredential("svc@p.iam.gserviceaccount.com", new SecretString(serviceAccountJson)), None);
        var read = await vault.GetAsync(scope, None);

        Assert.Equal(serviceAccountJson, read?.Secret.Reveal());
    }

    [Fact]
    public async Task Get_of_a_bucket_without_an_entry_is_null()
    {
        var (vault, _) = await NewVaultAsync();

        Assert.Null(await vault.GetAsync(NewScope(), None));
    }

    [Fact]
    public async Task A_second_put_replaces_the_first()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope();

        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);
        await vault.PutAsync(scope, new StorageCredential("AKIANEWKEY", new SecretString("new-secret")), None);
        var read = await vault.GetAsync(scope, None);

        Assert.Equal("AKIANEWKEY", read?.Key);
        Assert.Equal("new-secret", read?.Secret.Reveal());
    }

    [Fact]
    public async Task Delete_reports_true_then_false_and_the_entry_is_gone()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope();
        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        Assert.True(await vault.DeleteAsync(scope, None));
        Assert.False(await vault.DeleteAsync(scope, None));
        Assert.Null(await vault.GetAsync(scope, None));
    }

    [Fact]
    public async Task The_entity_is_one_row_per_bucket_in_the_organizations_partition()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope("org/with#odd?chars");

        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);
        var entity = await table.GetEntityIfExistsAsync(TableKey.Encode(scope.OrganizationId), scope.BucketId.ToString("N"));

        Assert.NotNull(entity);
        Assert.Equal("a", entity.GetString("KeyId"));
        Assert.Equal(EnvelopeCipher.NonceSize, entity.GetBinary("Nonce")?.Length);
        Assert.Equal(EnvelopeCipher.TagSize, entity.GetBinary("Tag")?.Length);
        Assert.NotEmpty(entity.GetBinary("Ciphertext")!);
        Assert.NotNull(entity.GetDateTimeOffset("CreatedAt"));
    }

    [Fact]
    public async Task Two_puts_of_the_same_credential_use_different_nonces_and_ciphertexts()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        var credential = new StorageCredential(AccessKey, new SecretString(Secret));

        await vault.PutAsync(scope, credential, None);
        var first = await ReadRawAsync(table, scope);
        await vault.PutAsync(scope, credential, None);
        var second = await ReadRawAsync(table, scope);

        Assert.NotEqual(first.GetBinary("Nonce"), second.GetBinary("Nonce"));
        Assert.NotEqual(first.GetBinary("Ciphertext"), second.GetBinary("Ciphertext"));
        Assert.NotEqual(first.GetBinary("Tag"), second.GetBinary("Tag"));
    }

    [Fact]
    public async Task The_stored_entity_holds_neither_the_secret_nor_the_access_key_in_any_form()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        var raw = await ReadRawAsync(table, scope);
        var values = raw.Select(p => p.Value).Append(raw.PartitionKey).Append(raw.RowKey).ToList();

        foreach (var value in values)
        {
            switch (value)
            {
                case string text:
                    Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
                    Assert.DoesNotContain(AccessKey, text, StringComparison.Ordinal);
                    break;
                case byte[] bytes:
                    Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Secret)), "a binary property holds the secret's UTF-8 bytes");
                    Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(AccessKey)), "a binary property holds the access key's UTF-8 bytes");
                    Assert.DoesNotContain(Secret, Convert.ToBase64String(bytes), StringComparison.Ordinal);
                    break;
            }
        }

        Assert.Contains(values, v => v is byte[]);
    }

    [Fact]
    public async Task An_entry_copied_into_another_organizations_partition_does_not_decrypt()
    {
        var (vault, table) = await NewVaultAsync();
        var victim = NewScope("org-victim");
        var thief = new CredentialScope("org-thief", victim.BucketId);
        await vault.PutAsync(victim, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        await CopyRawAsync(table, victim, thief);
        var error = await Assert.ThrowsAsync<CryptographicException>(() => vault.GetAsync(thief, None));

        AssertNamesNoCredential(error);
    }

    [Fact]
    public async Task An_entry_copied_to_another_bucket_ids_row_does_not_decrypt()
    {
        var (vault, table) = await NewVaultAsync();
        var original = NewScope();
        var other = new CredentialScope(original.OrganizationId, Guid.NewGuid());
        await vault.PutAsync(original, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        await CopyRawAsync(table, original, other);
        var error = await Assert.ThrowsAsync<CryptographicException>(() => vault.GetAsync(other, None));

        AssertNamesNoCredential(error);
        Assert.Equal(Secret, (await vault.GetAsync(original, None))?.Secret.Reveal());
    }

    [Theory]
    [InlineData("Ciphertext")]
    [InlineData("Nonce")]
    [InlineData("Tag")]
    public async Task An_entry_with_one_flipped_bit_does_not_decrypt(string property)
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        var raw = await ReadRawAsync(table, scope);
        var bytes = raw.GetBinary(property)!;
        bytes[0] ^= 0x01;
        raw[property] = bytes;
        await table.UpsertEntityAsync(raw, TableUpdateMode.Replace);
        var error = await Assert.ThrowsAsync<CryptographicException>(() => vault.GetAsync(scope, None));

        AssertNamesNoCredential(error);
    }

    [Fact]
    public async Task After_rotation_old_entries_still_decrypt_and_new_writes_use_the_new_key()
    {
        var table = await NewTableAsync();
        using var beforeRotation = new EnvelopeCipher(Options("a", ("a", KeyA)));
        using var afterRotation = new EnvelopeCipher(Options("b", ("a", KeyA), ("b", KeyB)));
        var oldScope = NewScope();
        var newScope = new CredentialScope(oldScope.OrganizationId, Guid.NewGuid());
        await new EnvelopeCredentialVault(table, beforeRotation).PutAsync(oldScope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        var rotated = new EnvelopeCredentialVault(table, afterRotation);
        var old = await rotated.GetAsync(oldScope, None);
        await rotated.PutAsync(newScope, new StorageCredential("AKIAROTATED", new SecretString("rotated-secret")), None);
        await rotated.PutAsync(oldScope, old!, None);

        Assert.Equal(Secret, old?.Secret.Reveal());
        Assert.Equal("b", (await ReadRawAsync(table, newScope)).GetString("KeyId"));
        Assert.Equal("b", (await ReadRawAsync(table, oldScope)).GetString("KeyId"));
        Assert.Equal("rotated-secret", (await rotated.GetAsync(newScope, None))?.Secret.Reveal());
    }

    [Fact]
    public async Task An_entry_under_a_key_id_no_longer_configured_fails_with_an_error_naming_that_key_id()
    {
        var table = await NewTableAsync();
        using var old = new EnvelopeCipher(Options("a", ("a", KeyA)));
        using var current = new EnvelopeCipher(Options("b", ("b", KeyB)));
        var scope = NewScope();
        await new EnvelopeCredentialVault(table, old).PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        var error = await Assert.ThrowsAsync<CryptographicException>(() => new EnvelopeCredentialVault(table, current).GetAsync(scope, None));

        Assert.Contains("key id 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not configured", error.Message, StringComparison.Ordinal);
        AssertNamesNoCredential(error);
        Assert.DoesNotContain(KeyA, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_read_with_a_different_key_under_the_same_id_does_not_decrypt()
    {
        var table = await NewTableAsync();
        using var original = new EnvelopeCipher(Options("a", ("a", KeyA)));
        using var impostor = new EnvelopeCipher(Options("a", ("a", KeyB)));
        var scope = NewScope();
        await new EnvelopeCredentialVault(table, original).PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None);

        var error = await Assert.ThrowsAsync<CryptographicException>(() => new EnvelopeCredentialVault(table, impostor).GetAsync(scope, None));

        AssertNamesNoCredential(error);
    }

    internal static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    internal static EnvelopeOptions Options(string? activeKeyId, params (string Id, string Key)[] keys)
    {
        var options = new EnvelopeOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        return options;
    }

    private static CredentialScope NewScope(string? organizationId = null) =>
        new(organizationId ?? "org-" + Guid.NewGuid().ToString("N")[..8], Guid.NewGuid());

    private static void AssertNamesNoCredential(Exception error)
    {
        for (var e = (Exception?)error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(AccessKey, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task<TableEntity> ReadRawAsync(TableClient table, CredentialScope scope) =>
        await table.GetEntityIfExistsAsync(TableKey.Encode(scope.OrganizationId), scope.BucketId.ToString("N"))
        ?? throw new InvalidOperationException("No entity for the scope.");

    private static async Task CopyRawAsync(TableClient table, CredentialScope from, CredentialScope to)
    {
        var raw = await ReadRawAsync(table, from);
        var copy = new TableEntity(TableKey.Encode(to.OrganizationId), to.BucketId.ToString("N"));
        foreach (var (name, value) in raw)
        {
            copy[name] = value;
        }

        await table.AddEntityAsync(copy);
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "cred");
        return table;
    }

    private async Task<(EnvelopeCredentialVault Vault, TableClient Table)> NewVaultAsync()
    {
        var table = await NewTableAsync();
        var cipher = new EnvelopeCipher(Options("a", ("a", KeyA)));
        return (new EnvelopeCredentialVault(table, cipher), table);
    }
}
