using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using BucketFunctions.Core.Idempotency;
using BucketFunctions.Infrastructure.Idempotency;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tests.Support;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Idempotency;

public sealed class TableIdempotencyStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-i";
    private static readonly byte[] HashA = [1, 2, 3];
    private static readonly byte[] HashB = [4, 5, 6];
    private static readonly StoredResponse Ok = new(200, "application/json", "{\"success\":true}", new Dictionary<string, string> { ["ETag"] = "\"1\"" });

    private readonly ManualClock clock = new();
    private readonly byte[] fingerprintKey = RandomNumberGenerator.GetBytes(32);

    private async Task<(TableIdempotencyStore Store, TableClient Table)> NewStoreAsync()
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "idem");
        var options = Options.Create(new IdempotencyOptions { LeaseDuration = TimeSpan.FromMinutes(2), Retention = TimeSpan.FromHours(24) });
        return (new TableIdempotencyStore(table, options, clock, new IdempotencyFingerprint(fingerprintKey)), table);
    }

    [Fact]
    public async Task The_first_claim_acquires_and_a_second_one_sees_it_in_progress()
    {
        var (store, _) = await NewStoreAsync();

        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
        Assert.IsType<IdempotencyClaim.InProgress>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
        Assert.IsType<IdempotencyClaim.KeyReused>(await store.TryClaimAsync(Org, "k", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task A_completed_key_replays_its_response_and_refuses_another_body()
    {
        var (store, _) = await NewStoreAsync();
        var claim = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k/#?%", HashA, CancellationToken.None));

        Assert.True(await store.CompleteAsync(claim.Lease, Ok, CancellationToken.None));
        var replay = Assert.IsType<IdempotencyClaim.Replay>(await store.TryClaimAsync(Org, "k/#?%", HashA, CancellationToken.None));

        Assert.Equal((Ok.StatusCode, Ok.ContentType, Ok.Body), (replay.Response.StatusCode, replay.Response.ContentType, replay.Response.Body));
        Assert.Equal("\"1\"", replay.Response.Headers["ETag"]);
        Assert.IsType<IdempotencyClaim.KeyReused>(await store.TryClaimAsync(Org, "k/#?%", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task Completing_is_one_conditional_write_that_keeps_the_claimed_fingerprint()
    {
        var requests = new RequestCounter(_ => true);
        var table = new TableClient(azurite.Azurite.ConnectionString, TestTables.UniqueName("idem"), requests.Options());
        await table.CreateAsync();
        var store = new TableIdempotencyStore(
            table, Options.Create(new IdempotencyOptions()), clock, new IdempotencyFingerprint(fingerprintKey));
        var claim = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
        requests.Reset();

        Assert.True(await store.CompleteAsync(claim.Lease, Ok, CancellationToken.None));

        Assert.Equal(1, requests.Count);
        Assert.IsType<IdempotencyClaim.Replay>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
        Assert.IsType<IdempotencyClaim.KeyReused>(await store.TryClaimAsync(Org, "k", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task A_released_key_can_be_claimed_again()
    {
        var (store, table) = await NewStoreAsync();
        var claim = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        await store.ReleaseAsync(claim.Lease, CancellationToken.None);

        Assert.Null(await table.FindAsync(Org, "idempotency|k"));
        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_the_old_holder_can_no_longer_complete()
    {
        var (store, _) = await NewStoreAsync();
        var first = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        clock.Now += TimeSpan.FromMinutes(3);
        var second = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        Assert.False(await store.CompleteAsync(first.Lease, Ok, CancellationToken.None));
        Assert.True(await store.CompleteAsync(second.Lease, Ok, CancellationToken.None));
    }

    [Fact]
    public async Task A_renewed_lease_outlasts_its_first_term_and_one_left_to_lapse_is_taken_over()
    {
        var (store, _) = await NewStoreAsync();
        var first = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        clock.Now += TimeSpan.FromSeconds(90);
        Assert.True(await store.RenewAsync(first.Lease, CancellationToken.None));
        clock.Now += TimeSpan.FromSeconds(60);  // past the lease as claimed, within the renewed one
        Assert.IsType<IdempotencyClaim.InProgress>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        clock.Now += TimeSpan.FromMinutes(2);  // no renewal since: the holder died
        var second = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));

        Assert.False(await store.RenewAsync(first.Lease, CancellationToken.None));
        Assert.True(first.Lease.IsEnded);
        Assert.False(await store.CompleteAsync(first.Lease, Ok, CancellationToken.None));
        Assert.True(await store.RenewAsync(second.Lease, CancellationToken.None));
        Assert.True(await store.CompleteAsync(second.Lease, Ok, CancellationToken.None));  // under the version its renewal left
        Assert.IsType<IdempotencyClaim.Replay>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
    }

    [Fact]
    public async Task A_completed_key_is_free_again_after_the_retention()
    {
        var (store, _) = await NewStoreAsync();
        var claim = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashA, CancellationToken.None));
        await store.CompleteAsync(claim.Lease, Ok, CancellationToken.None);

        clock.Now += TimeSpan.FromHours(25);

        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "k", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task Keys_belong_to_one_organization()
    {
        var (store, _) = await NewStoreAsync();

        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync("org-a", "k", HashA, CancellationToken.None));
        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync("org-b", "k", HashB, CancellationToken.None));
    }

    [Fact]
    public async Task Of_ten_concurrent_claims_exactly_one_acquires()
    {
        var (store, _) = await NewStoreAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => store.TryClaimAsync(Org, "race", HashA, CancellationToken.None))));

        Assert.Single(claims, c => c is IdempotencyClaim.Acquired);
        Assert.Equal(9, claims.Count(c => c is IdempotencyClaim.InProgress));
    }

    [Fact]
    public async Task Of_concurrent_take_overs_of_an_expired_lease_exactly_one_acquires()
    {
        var (store, _) = await NewStoreAsync();
        await store.TryClaimAsync(Org, "stale", HashA, CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(3);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.TryClaimAsync(Org, "stale", HashA, CancellationToken.None))));

        Assert.Single(claims, c => c is IdempotencyClaim.Acquired);
    }

    [Fact]
    public async Task The_row_keeps_a_keyed_fingerprint_from_which_the_body_hash_cannot_be_recomputed_without_the_key()
    {
        var (store, table) = await NewStoreAsync();
        var body = Encoding.UTF8.GetBytes("{\"secret\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}");
        var bodyHash = SHA256.HashData(body);

        Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "fp", bodyHash, CancellationToken.None));
        var row = await table.FindAsync(Org, "idempotency|fp");

        Assert.NotNull(row);
        var values = row.Select(p => p.Value).ToList();
        var binaries = values.OfType<byte[]>().ToList();
        var strings = values.OfType<string>().ToList();

        // Nothing stored equals the body, its SHA-256, or an HMAC of that hash under anything but the server key.
        var unkeyed = new[] { bodyHash, SHA256.HashData(bodyHash), HMACSHA256.HashData(Array.Empty<byte>(), bodyHash), HMACSHA256.HashData(new byte[32], bodyHash) };
        Assert.DoesNotContain(binaries, b => unkeyed.Any(u => u.AsSpan().SequenceEqual(b)) || b.AsSpan().SequenceEqual(body));
        Assert.DoesNotContain(strings, s => unkeyed.Any(u => s.Contains(Convert.ToBase64String(u), StringComparison.Ordinal)
            || s.Contains(Convert.ToHexString(u), StringComparison.OrdinalIgnoreCase)));

        // What is stored is exactly HMAC-SHA256(server key, hash): only the key holder can check a guess.
        Assert.Contains(binaries, b => b.AsSpan().SequenceEqual(HMACSHA256.HashData(fingerprintKey, bodyHash)));
    }

    [Fact]
    public async Task A_store_under_another_key_does_not_recognise_the_same_body()
    {
        var (store, table) = await NewStoreAsync();
        var hash = SHA256.HashData("{}"u8);
        var claim = Assert.IsType<IdempotencyClaim.Acquired>(await store.TryClaimAsync(Org, "other-key", hash, CancellationToken.None));
        await store.CompleteAsync(claim.Lease, Ok, CancellationToken.None);
        var otherServer = new TableIdempotencyStore(
            table, Options.Create(new IdempotencyOptions()), clock, new IdempotencyFingerprint(RandomNumberGenerator.GetBytes(32)));

        Assert.IsType<IdempotencyClaim.Replay>(await store.TryClaimAsync(Org, "other-key", hash, CancellationToken.None));
        Assert.IsType<IdempotencyClaim.KeyReused>(await otherServer.TryClaimAsync(Org, "other-key", hash, CancellationToken.None));
    }
}
