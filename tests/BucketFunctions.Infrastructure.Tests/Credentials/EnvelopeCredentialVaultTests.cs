using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
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

        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
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

        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential("svc@p.iam.gserviceaccount.com", new SecretString(serviceAccountJson)), None) };
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
    public async Task Each_put_is_a_new_version_and_a_get_reads_exactly_the_version_it_names()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope();

        var first = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
        var second = scope with { Version = await vault.PutAsync(scope, new StorageCredential("AKIANEWKEY", new SecretString("new-secret")), None) };

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal((AccessKey, Secret), await ReadAsync(vault, first));
        Assert.Equal(("AKIANEWKEY", "new-secret"), await ReadAsync(vault, second));
        Assert.Null(await vault.GetAsync(scope with { Version = Guid.NewGuid().ToString("N") }, None));
    }

    [Fact]
    public async Task Discarding_one_version_leaves_the_other_readable_and_delete_removes_every_row_of_the_bucket()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        var neighbour = new CredentialScope(scope.OrganizationId, Guid.NewGuid());
        neighbour = neighbour with { Version = await vault.PutAsync(neighbour, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
        var first = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
        var second = scope with { Version = await vault.PutAsync(scope, new StorageCredential("AKIANEWKEY", new SecretString("new-secret")), None) };

        Assert.True(await vault.DiscardVersionAsync(first, None));
        Assert.False(await vault.DiscardVersionAsync(first, None));

        Assert.Null(await vault.GetAsync(first, None));
        Assert.Equal(("AKIANEWKEY", "new-secret"), await ReadAsync(vault, second));
        Assert.Equal(
            new[] { EnvelopeCredentialVault.RowKey(neighbour), EnvelopeCredentialVault.RowKey(second) }.Order(StringComparer.Ordinal),
            (await RowKeysAsync(table)).Order(StringComparer.Ordinal));

        Assert.True(await vault.DeleteAsync(scope, None));
        Assert.Null(await vault.GetAsync(second, None));
        Assert.Equal([EnvelopeCredentialVault.RowKey(neighbour)], await RowKeysAsync(table));
        Assert.Equal((AccessKey, Secret), await ReadAsync(vault, neighbour));
    }

    [Fact]
    public async Task A_row_written_before_versions_is_read_without_a_version_and_listed_as_such()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        var versioned = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
        await CopyRawAsync(table, versioned, scope);  // the same sealed entry under the bucket id alone, as rows were written before

        Assert.Equal((AccessKey, Secret), await ReadAsync(vault, scope));
        var listed = new List<CredentialEntry>();
        await foreach (var entry in vault.ListAsync(None))
        {
            listed.Add(entry);
        }

        Assert.Equal([null, versioned.Version], listed.Select(e => e.Scope.Version).Order());
        Assert.All(listed, e => Assert.Equal(scope with { Version = e.Scope.Version }, e.Scope));
        Assert.True(await vault.DiscardVersionAsync(scope, None));  // the legacy row alone
        Assert.Equal((AccessKey, Secret), await ReadAsync(vault, versioned));
    }

    [Fact]
    public async Task Delete_reports_true_then_false_and_the_entry_is_gone()
    {
        var (vault, _) = await NewVaultAsync();
        var scope = NewScope();
        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

        Assert.True(await vault.DeleteAsync(scope, None));
        Assert.False(await vault.DeleteAsync(scope, None));
        Assert.Null(await vault.GetAsync(scope, None));
    }

    [Fact]
    public async Task The_entity_is_one_row_per_version_under_the_bucket_id_in_the_organizations_partition()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope("org/with#odd?chars");

        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };
        var entity = await table.FindAsync(TableKey.Encode(scope.OrganizationId), scope.BucketId.ToString("N") + "|" + scope.Version);

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

        var first = await ReadRawAsync(table, scope with { Version = await vault.PutAsync(scope, credential, None) });
        var second = await ReadRawAsync(table, scope with { Version = await vault.PutAsync(scope, credential, None) });

        Assert.NotEqual(first.GetBinary("Nonce"), second.GetBinary("Nonce"));
        Assert.NotEqual(first.GetBinary("Ciphertext"), second.GetBinary("Ciphertext"));
        Assert.NotEqual(first.GetBinary("Tag"), second.GetBinary("Tag"));
    }

    [Fact]
    public async Task The_stored_entity_holds_neither_the_secret_nor_the_access_key_in_any_form()
    {
        var (vault, table) = await NewVaultAsync();
        var scope = NewScope();
        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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
        victim = victim with { Version = await vault.PutAsync(victim, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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
        original = original with { Version = await vault.PutAsync(original, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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
        scope = scope with { Version = await vault.PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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
        oldScope = oldScope with
        {
            Version = await new EnvelopeCredentialVault(table, beforeRotation).PutAsync(oldScope, new StorageCredential(AccessKey, new SecretString(Secret)), None),
        };

        var rotated = new EnvelopeCredentialVault(table, afterRotation);
        var old = await rotated.GetAsync(oldScope, None);
        newScope = newScope with { Version = await rotated.PutAsync(newScope, new StorageCredential("AKIAROTATED", new SecretString("rotated-secret")), None) };
        oldScope = oldScope with { Version = await rotated.PutAsync(oldScope, old!, None) };

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
        scope = scope with { Version = await new EnvelopeCredentialVault(table, old).PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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
        scope = scope with { Version = await new EnvelopeCredentialVault(table, original).PutAsync(scope, new StorageCredential(AccessKey, new SecretString(Secret)), None) };

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

    private static async Task<(string Key, string Secret)?> ReadAsync(EnvelopeCredentialVault vault, CredentialScope scope) =>
        await vault.GetAsync(scope, None) is { } credential ? (credential.Key, credential.Secret.Reveal()) : null;

    private static async Task<List<string>> RowKeysAsync(TableClient table)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task<TableEntity> ReadRawAsync(TableClient table, CredentialScope scope) =>
        await table.FindAsync(TableKey.Encode(scope.OrganizationId), EnvelopeCredentialVault.RowKey(scope))
        ?? throw new InvalidOperationException("No entity for the scope.");

    private static async Task CopyRawAsync(TableClient table, CredentialScope from, CredentialScope to)
    {
        var raw = await ReadRawAsync(table, from);
        var copy = new TableEntity(TableKey.Encode(to.OrganizationId), EnvelopeCredentialVault.RowKey(to));
        foreach (var (name, value) in raw.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
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
