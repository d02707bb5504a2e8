using System.Security.Cryptography;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace BucketFunctions.Infrastructure.Tests.Credentials;

/// <summary>
/// Key rotation end to end on Azurite: write under key 1, make key 2 active, re-encrypt page by page through the Core
/// service, retire key 1, and read everything back. Counts come from the service's answers and the table's rows.
/// </summary>
public sealed class EnvelopeRotationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Key1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Key2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task After_re_encryption_key_1_can_be_retired_and_every_bucket_still_reads()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "rot");
        using var onlyKey1 = Cipher("k1", ("k1", Key1));
        using var key2Active = Cipher("k2", ("k1", Key1), ("k2", Key2));
        using var onlyKey2 = Cipher("k2", ("k2", Key2));
        var old = await WriteAsync(new EnvelopeCredentialVault(table, onlyKey1), 7);

        // Key 2 becomes active: the old entries still open, new ones are sealed under key 2.
        var rotated = new EnvelopeCredentialVault(table, key2Active);
        await AssertAllReadAsync(rotated, old);
        var fresh = await WriteAsync(rotated, 2);

        // Retiring key 1 now would strand the old entries: that is what re-encryption is for.
        await Assert.ThrowsAsync<CryptographicException>(() => new EnvelopeCredentialVault(table, onlyKey2).GetAsync(old[0].Scope, None));

        var service = new CredentialReencryptionService(rotated, NullLogger<CredentialReencryptionService>.Instance);
        var firstRun = await RunToEndAsync(service, pageSize: 3);
        var secondRun = await RunToEndAsync(service, pageSize: 3);

        Assert.Equal((9, 7, 2, 0), firstRun);
        Assert.Equal((9, 0, 9, 0), secondRun);
        Assert.All(await RowsAsync(table), row => Assert.Equal("k2", row.GetString("KeyId")));
        await AssertAllReadAsync(new EnvelopeCredentialVault(table, onlyKey2), [.. old, .. fresh]);
    }

    [Fact]
    public async Task Re_encryption_keeps_creation_times_so_the_sweep_still_sees_real_ages()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "rot");
        using var onlyKey1 = Cipher("k1", ("k1", Key1));
        using var key2Active = Cipher("k2", ("k1", Key1), ("k2", Key2));
        var written = await WriteAsync(new EnvelopeCredentialVault(table, onlyKey1, new FixedClock(DateTimeOffset.UtcNow.AddDays(-3))), 2);
        var vault = new EnvelopeCredentialVault(table, key2Active);

        await RunToEndAsync(new CredentialReencryptionService(vault, NullLogger<CredentialReencryptionService>.Instance), pageSize: 10);

        var listed = await vault.EntriesAsync();
        Assert.Equal(written.Select(w => w.Scope).OrderBy(s => s.BucketId), listed.Select(e => e.Scope).OrderBy(s => s.BucketId));
        Assert.All(listed, e => Assert.True(e.CreatedAt < DateTimeOffset.UtcNow.AddDays(-2)));
    }

    [Fact]
    public async Task An_entry_that_cannot_be_opened_is_counted_as_failed_and_left_as_it_is()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "rot");
        using var other = Cipher("x", ("x", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        using var key2Active = Cipher("k2", ("k1", Key1), ("k2", Key2));
        var stranger = await WriteAsync(new EnvelopeCredentialVault(table, other), 1);
        var before = (await RowsAsync(table)).Single().GetBinary("Ciphertext");

        var run = await RunToEndAsync(new CredentialReencryptionService(new EnvelopeCredentialVault(table, key2Active), NullLogger<CredentialReencryptionService>.Instance), 10);

        Assert.Equal((1, 0, 0, 1), run);
        Assert.Equal(before, (await RowsAsync(table)).Single().GetBinary("Ciphertext"));
        Assert.Equal("x", (await RowsAsync(table)).Single().GetString("KeyId"));
        Assert.Single(stranger);
    }

    [Fact]
    public async Task A_bad_page_size_or_token_is_a_validation_failure_naming_the_field()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "rot");
        using var cipher = Cipher("k1", ("k1", Key1));
        var service = new CredentialReencryptionService(new EnvelopeCredentialVault(table, cipher), NullLogger<CredentialReencryptionService>.Instance);

        var badSize = await service.ReencryptAsync(null, 0, None);
        var badToken = await service.ReencryptAsync("not-a-token", 10, None);

        Assert.Equal("pageSize", Assert.Single(badSize.Failure!.Errors).Field);
        Assert.Equal("continuationToken", Assert.Single(badToken.Failure!.Errors).Field);
    }

    [Fact]
    public async Task A_page_token_that_was_altered_is_refused_and_the_one_issued_continues()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "rot");
        using var cipher = Cipher("k1", ("k1", Key1));
        var vault = new EnvelopeCredentialVault(table, cipher);
        await WriteAsync(vault, 3);
        var first = await vault.ReencryptPageAsync(null, 1, None);
        var token = first.ContinuationToken!;
        var altered = (token[0] == 'A' ? "B" : "A") + token[1..];

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => vault.ReencryptPageAsync(altered, 1, None));
        var second = await vault.ReencryptPageAsync(token, 5, None);

        Assert.Equal(1, first.Examined);
        Assert.Equal(2, second.Examined);
        Assert.Null(second.ContinuationToken);
    }

    private static EnvelopeCipher Cipher(string active, params (string Id, string Key)[] keys) =>
        new(EnvelopeCredentialVaultTests.Options(active, keys));

    private static async Task<List<(CredentialScope Scope, string Secret)>> WriteAsync(EnvelopeCredentialVault vault, int count)
    {
        var written = new List<(CredentialScope, string)>();
        for (var i = 0; i < count; i++)
        {
            var scope = new CredentialScope("org-" + (i % 3), Guid.NewGuid());
            var secret = "secret-" + Guid.NewGuid().ToString("N");
            var version = await vault.PutAsync(scope, new StorageCredential("AKIA" + i, new SecretString(secret)), None);
            written.Add((scope with { Version = version }, secret));
        }

        return written;
    }

    private static async Task AssertAllReadAsync(EnvelopeCredentialVault vault, IEnumerable<(CredentialScope Scope, string Secret)> written)
    {
        foreach (var (scope, secret) in written)
        {
            Assert.Equal(secret, (await vault.GetAsync(scope, None))?.Secret.Reveal());
        }
    }

    /// <summary>Calls the service until its token is null; totals of (examined, re-encrypted, already current, failed).</summary>
    private static async Task<(int, int, int, int)> RunToEndAsync(CredentialReencryptionService service, int pageSize)
    {
        int examined = 0, moved = 0, current = 0, failed = 0, pages = 0;
        string? token = null;
        do
        {
            var page = (await service.ReencryptAsync(token, pageSize, None)).Value;
            (examined, moved, current, failed) = (examined + page.Examined, moved + page.Reencrypted, current + page.AlreadyCurrent, failed + page.Failed);
            token = page.ContinuationToken;
            Assert.True(++pages < 100, "re-encryption did not finish");
        }
        while (token is not null);
        return (examined, moved, current, failed);
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
