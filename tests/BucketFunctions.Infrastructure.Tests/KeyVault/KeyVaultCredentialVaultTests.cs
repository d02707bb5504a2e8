using System.Diagnostics;
using System.Text.Json;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Infrastructure.Credentials;
using BucketFunctions.Testing.KeyVault;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.KeyVault;

/// <summary>The Key Vault adapter through the real SecretClient (challenge auth, retry policy, delete operation) against the fake vault.</summary>
public sealed class KeyVaultCredentialVaultTests : IAsyncLifetime
{
    private const string Org = "org-kv";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string secret = "wJalrXUtnFEMI/K7MDENG/" + Guid.NewGuid().ToString("N");
    private readonly CapturedLogs logs = new();
    private FakeKeyVault fake = null!;

    public async Task InitializeAsync() => fake = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task A_put_is_one_tagged_json_secret_named_from_the_bucket_id_and_reads_back()
    {
        var vault = NewVault();
        var scope = NewScope();

        await vault.PutAsync(scope, Credential("AKIAKEY1"), None);
        var read = await vault.GetAsync(scope, None);

        Assert.Equal(("AKIAKEY1", secret), (read?.Key, read?.Secret.Reveal()));
        var name = Assert.Single(fake.SecretNames());
        Assert.Equal("bucket-" + scope.BucketId.ToString("N"), name);
        var stored = Assert.Single(fake.Versions(name));
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal(Org, stored.Tags["organization"]);
        Assert.Equal(scope.BucketId.ToString("N"), stored.Tags["bucket"]);
        using var json = JsonDocument.Parse(stored.Value);
        Assert.Equal(["key", "secret"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_client_answers_the_bearer_challenge_with_a_token_for_the_vault_resource_and_tenant()
    {
        var vault = NewVault();

        await vault.PutAsync(NewScope(), Credential(), None);

        Assert.True(fake.ChallengeCount >= 1);
        var request = Assert.Single(fake.Credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], request.Scopes);
        Assert.Equal(FakeKeyVault.Tenant, request.TenantId);
    }

    [Fact]
    public async Task Each_put_returns_a_new_version_of_the_same_secret_and_a_get_reads_exactly_the_version_named()
    {
        var vault = NewVault();
        var scope = NewScope();

        var first = scope with { Version = await vault.PutAsync(scope, Credential("OLDKEY"), None) };
        var second = scope with { Version = await vault.PutAsync(scope, new StorageCredential("NEWKEY", new SecretString("new-secret")), None) };

        var name = Assert.Single(fake.SecretNames());
        Assert.Equal([first.Version, second.Version], fake.Versions(name).Select(v => v.Id));
        Assert.Equal("OLDKEY", (await vault.GetAsync(first, None))?.Key);
        Assert.Equal(("NEWKEY", "new-secret"), ((await vault.GetAsync(second, None))?.Key, (await vault.GetAsync(second, None))?.Secret.Reveal()));
        Assert.Equal("NEWKEY", (await vault.GetAsync(scope, None))?.Key);  // no version: the latest, as rows from before versions read
    }

    [Fact]
    public async Task Discarding_a_version_disables_it_and_leaves_the_other_readable_and_delete_removes_the_secret()
    {
        var vault = NewVault();
        var scope = NewScope();
        var first = scope with { Version = await vault.PutAsync(scope, Credential("OLDKEY"), None) };
        var second = scope with { Version = await vault.PutAsync(scope, Credential("NEWKEY"), None) };

        Assert.True(await vault.DiscardVersionAsync(first, None));

        var name = KeyVaultSecretNames.ForBucket(scope.BucketId);
        Assert.Equal([false, true], fake.Versions(name).Select(v => v.Enabled));
        Assert.Null(await vault.GetAsync(first, None));
        Assert.Equal("NEWKEY", (await vault.GetAsync(second, None))?.Key);
        Assert.False(await vault.DiscardVersionAsync(scope with { Version = "0123456789abcdef0123456789abcdef" }, None));
        Assert.False(await vault.DiscardVersionAsync(scope, None));  // no version named: nothing to disable
        Assert.DoesNotContain(logs.Lines, line => line.Contains("failed", StringComparison.Ordinal));

        // A disabled version answers a direct read as Key Vault does: 403 Forbidden, inner code SecretDisabled.
        var client = KeyVaultClients.Create(new KeyVaultOptions { Uri = fake.VaultUri.ToString() }, fake.Credential, fake.Transport);
        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => client.GetSecretAsync(name, first.Version));
        Assert.Equal((403, "Forbidden"), (refused.Status, refused.ErrorCode));

        Assert.True(await vault.DeleteAsync(second, None));
        Assert.Empty(fake.SecretNames());
        Assert.Null(await vault.GetAsync(second, None));
    }

    [Fact]
    public async Task A_secret_tagged_for_another_organization_does_not_open()
    {
        var vault = NewVault();
        var scope = NewScope();
        await vault.PutAsync(scope, Credential(), None);

        Assert.Null(await vault.GetAsync(scope with { OrganizationId = "org-other" }, None));
        Assert.NotNull(await vault.GetAsync(scope, None));
    }

    [Fact]
    public async Task Delete_soft_deletes_then_reports_false_and_the_name_is_held_as_deleted()
    {
        var vault = NewVault();
        var scope = NewScope();
        await vault.PutAsync(scope, Credential(), None);

        Assert.True(await vault.DeleteAsync(scope, None));
        Assert.False(await vault.DeleteAsync(scope, None));
        Assert.Null(await vault.GetAsync(scope, None));
        Assert.Empty(fake.SecretNames());
        Assert.Equal([KeyVaultSecretNames.ForBucket(scope.BucketId)], fake.DeletedNames());
        Assert.Empty(fake.PurgedNames());
    }

    [Fact]
    public async Task With_purge_on_delete_the_deleted_secret_is_purged()
    {
        var vault = NewVault(purgeOnDelete: true);
        var scope = NewScope();
        await vault.PutAsync(scope, Credential(), None);

        Assert.True(await vault.DeleteAsync(scope, None));

        Assert.Empty(fake.SecretNames());
        Assert.Empty(fake.DeletedNames());
        Assert.Equal([KeyVaultSecretNames.ForBucket(scope.BucketId)], fake.PurgedNames());
    }

    [Fact]
    public async Task A_refused_purge_still_counts_the_delete_and_leaves_the_secret_soft_deleted()
    {
        var vault = NewVault(purgeOnDelete: true);
        var scope = NewScope();
        await vault.PutAsync(scope, Credential(), None);
        fake.RefusePurge = true;

        Assert.True(await vault.DeleteAsync(scope, None));

        Assert.Empty(fake.SecretNames());
        Assert.Equal([KeyVaultSecretNames.ForBucket(scope.BucketId)], fake.DeletedNames());
        Assert.Contains(logs.Lines, line => line.Contains("purge", StringComparison.Ordinal) && line.Contains("403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_put_to_a_soft_deleted_name_fails_with_status_and_code_only()
    {
        var vault = NewVault();
        var scope = NewScope();
        await vault.PutAsync(scope, Credential(), None);
        await vault.DeleteAsync(scope, None);

        var error = await Assert.ThrowsAsync<CredentialVaultUnavailableException>(() => vault.PutAsync(scope, Credential(), None));

        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_write_whose_error_quotes_the_request_leaks_the_secret_nowhere()
    {
        var vault = NewVault();
        fake.FailWritesWith = 403;

        var error = await Assert.ThrowsAsync<CredentialVaultUnavailableException>(() => vault.PutAsync(NewScope(), Credential(), None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("Forbidden", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vault_that_does_not_answer_in_time_is_unavailable_not_a_cancellation()
    {
        var vault = NewVault(networkTimeout: TimeSpan.FromMilliseconds(300));
        await vault.PutAsync(NewScope(), Credential(), None);
        fake.AnswerDelay = TimeSpan.FromSeconds(5);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CredentialVaultUnavailableException>(() => vault.PutAsync(NewScope(), Credential(), None));

        Assert.Contains("in time", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");  // bounded: retries × timeout, not the vault's delay
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_vault_asked_for_not_the_shorter_client_delay()
    {
        var vault = NewVault();  // the client's own back-off is 50 ms, capped at 200 ms
        await vault.PutAsync(NewScope(), Credential(), None);  // the challenge, then authenticated request 1
        fake.ThrottleEvery = 2;
        fake.RetryAfter = 2;

        var watch = Stopwatch.StartNew();
        await vault.PutAsync(NewScope(), Credential(), None);  // request 2 is throttled, its retry (3) passes
        watch.Stop();

        Assert.Equal(1, fake.ThrottledCount);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(2, fake.SecretNames().Count);
    }

    [Fact]
    public async Task Fifty_puts_survive_a_vault_that_throttles_one_request_in_three()
    {
        var vault = NewVault();
        fake.ThrottleEvery = 3;
        fake.RetryAfter = 1;
        var scopes = Enumerable.Range(0, 50).Select(_ => NewScope()).ToList();

        await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (scope, ct) =>
            await vault.PutAsync(scope, Credential(), ct));

        Assert.True(fake.ThrottledCount >= 15, $"only {fake.ThrottledCount} requests were throttled");
        Assert.Equal(50, fake.SecretNames().Count);
        Assert.Equal(scopes.Select(s => KeyVaultSecretNames.ForBucket(s.BucketId)).Order(), fake.SecretNames().Order());
    }

    [Fact]
    public async Task Listing_pages_through_every_bucket_secret_and_skips_secrets_that_are_not_a_buckets()
    {
        var vault = NewVault();
        var scopes = Enumerable.Range(0, 30).Select(_ => NewScope()).ToList();
        foreach (var scope in scopes)
        {
            await vault.PutAsync(scope, Credential(), None);
        }

        fake.Seed("envelope-keys", "{}");
        fake.Seed("bucket-" + Guid.NewGuid().ToString("N"), "{}");  // a bucket name without its organization tag

        var listed = new List<CredentialEntry>();
        await foreach (var entry in vault.ListAsync(None))
        {
            listed.Add(entry);
        }

        Assert.Equal(scopes.OrderBy(s => s.BucketId), listed.Select(e => e.Scope).OrderBy(s => s.BucketId));
        Assert.All(listed, e => Assert.InRange(e.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task Re_encryption_in_Key_Vault_mode_moves_nothing_and_pages_with_the_vaults_own_links()
    {
        var vault = NewVault();
        for (var i = 0; i < 30; i++)
        {
            await vault.PutAsync(NewScope(), Credential(), None);
        }

        var first = await vault.ReencryptPageAsync(null, 25, None);
        var second = await vault.ReencryptPageAsync(first.ContinuationToken, 25, None);

        Assert.Equal((25, 0, 25, 0), (first.Examined, first.Reencrypted, first.AlreadyCurrent, first.Failed));
        Assert.NotNull(first.ContinuationToken);
        Assert.Equal((5, 0, 5, null), (second.Examined, second.Reencrypted, second.AlreadyCurrent, second.ContinuationToken));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => vault.ReencryptPageAsync("https://evil.example/secrets", 25, None));
    }

    private KeyVaultCredentialVault NewVault(bool purgeOnDelete = false, TimeSpan? networkTimeout = null)
    {
        var options = new VaultOptions
        {
            Mode = VaultMode.KeyVault,
            KeyVault = new KeyVaultOptions
            {
                Uri = fake.VaultUri.ToString(),
                PurgeOnDelete = purgeOnDelete,
                RetryDelay = TimeSpan.FromMilliseconds(50),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
                MaxRetries = networkTimeout is null ? 5 : 2,
                NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(20),
            },
        };
        var client = KeyVaultClients.Create(options.KeyVault, fake.Credential, fake.Transport);
        return new KeyVaultCredentialVault(client, Options.Create(options), logs.For<KeyVaultCredentialVault>());
    }

    private StorageCredential Credential(string key = "AKIAIOSFODNN7EXAMPLE") => new(key, new SecretString(secret));

    private static CredentialScope NewScope() => new(Org, Guid.NewGuid());
}
