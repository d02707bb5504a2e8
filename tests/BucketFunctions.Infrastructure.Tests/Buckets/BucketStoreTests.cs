using Azure.Core;
using Azure.Data.Tables;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Organizations;
using BucketFunctions.Core.Quotas;
using BucketFunctions.Infrastructure.Buckets;
using BucketFunctions.Infrastructure.Organizations;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Infrastructure.Tenancy;
using BucketFunctions.Infrastructure.Tests.TableStorage;
using BucketFunctions.Testing.Emulators;
using Microsoft.Extensions.Options;

namespace BucketFunctions.Infrastructure.Tests.Buckets;

public sealed class BucketStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Org = "org-1";

    private async Task<(TableBucketStore Store, TableClient Table)> NewStoreAsync(int defaultLimit = 10)
    {
        var table = await TestTables.CreateAsync(azurite.Azurite, "tenants");
        return (new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = defaultLimit })), table);
    }

    /// <summary>Whether the organization's partition holds the claim row of this name (names compare case-insensitively).</summary>
    private static async Task<bool> NameClaimedAsync(TableClient table, string name, CancellationToken cancellationToken) =>
        await table.FindAsync(TenantRows.Partition(Org), TenantRows.Name(name), cancellationToken: cancellationToken) is not null;

    private static Bucket NewBucket(string name, string organizationId = Org, string? workspaceId = "ws-1") =>
        SampleBuckets.New(organizationId, name, workspaceId);

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string rowKeyPrefix)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableOData.StartsWith("RowKey", rowKeyPrefix)))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<int?> CounterAsync(TableClient table, string organizationId = Org) =>
        (await table.FindAsync(organizationId, "quota"))?.GetInt32("Used");

    /// <summary>Another store on the same table: a second host instance, remembering only its own commits.</summary>
    private static TableBucketStore SecondInstance(TableClient table, int defaultLimit) =>
        new(table, Options.Create(new QuotaOptions { DefaultBucketLimit = defaultLimit }));

    /// <summary><paramref name="count"/> concurrent creates, each guarded by the reading it took just before, as the service does.</summary>
    private static Task<CreateBucketOutcome[]> GuardedCreatesAsync(TableBucketStore store, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var reading = await store.ReadQuotaAsync(Org, CancellationToken.None);
            return await store.TryCreateAsync(NewBucket($"bucket {i}"), reading, null, CancellationToken.None);
        })));

    /// <summary>Exactly <paramref name="created"/> creates succeeded, the rest saw the full quota, and counter = rows = names = limit.</summary>
    private static async Task AssertExactAsync(TableClient table, CreateBucketOutcome[] outcomes, int created, int limit)
    {
        Assert.Equal(created, outcomes.Count(o => o is CreateBucketOutcome.Created));
        Assert.Equal(outcomes.Length - created, outcomes.Count(o => o is CreateBucketOutcome.QuotaExceeded { Usage: var u } && u.Current == limit && u.Max == limit));
        Assert.Equal(limit, await CounterAsync(table));
        Assert.Equal(limit, (await RowsAsync(table, "bucket|")).Count);
        Assert.Equal(limit, (await RowsAsync(table, "name|")).Count);
    }

    [Fact]
    public async Task Fifty_concurrent_creates_at_limit_10_create_exactly_10_buckets()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => store.TryCreateAsync(NewBucket($"bucket {i}"), null, null, CancellationToken.None))));

        await AssertExactAsync(table, outcomes, created: 10, limit: 10);
    }

    [Fact]
    public async Task Fifty_concurrent_creates_each_guarded_by_its_own_earlier_reading_create_exactly_10_buckets()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None); // so the readings carry a version

        var outcomes = await GuardedCreatesAsync(store, 50);

        await AssertExactAsync(table, outcomes, created: 9, limit: 10);
    }

    [Fact]
    public async Task A_stale_reading_is_refused_by_its_version_and_the_count_stays_exact()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None);
        var stale = await store.ReadQuotaAsync(Org, CancellationToken.None);
        await store.TryCreateAsync(NewBucket("second"), null, null, CancellationToken.None);

        var outcome = await store.TryCreateAsync(NewBucket("third"), stale, null, CancellationToken.None);

        Assert.NotNull(stale.Version);
        Assert.Equal(new QuotaUsage(1, 10), stale.Usage);
        Assert.IsType<CreateBucketOutcome.Created>(outcome);
        Assert.Equal(3, await CounterAsync(table)); // trusting the stale count would have written 2
        Assert.Equal(3, (await RowsAsync(table, "bucket|")).Count);
    }

    [Fact]
    public async Task A_reading_that_says_full_is_read_again_before_refusing()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 2);
        var kept = NewBucket("kept");
        var removed = NewBucket("removed");
        await store.TryCreateAsync(kept, null, null, CancellationToken.None);
        await store.TryCreateAsync(removed, null, null, CancellationToken.None);
        var full = await store.ReadQuotaAsync(Org, CancellationToken.None);
        await store.DeleteAsync(Org, removed.Id, CancellationToken.None);

        var outcome = await store.TryCreateAsync(NewBucket("new"), full, null, CancellationToken.None);

        Assert.True(full.Usage.IsReached);
        Assert.IsType<CreateBucketOutcome.Created>(outcome);
        Assert.Equal(2, await CounterAsync(table));
    }

    [Fact]
    public async Task A_commit_leaves_the_counter_state_it_wrote_so_the_next_reading_needs_no_read()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None);
        await store.TryCreateAsync(NewBucket("second"), null, null, CancellationToken.None);

        var reading = await store.ReadQuotaAsync(Org, CancellationToken.None);

        // The ETag the transaction returned for the counter, i.e. exactly the stored row's: a reading from memory that
        // guards the next commit as well as a fresh read would.
        Assert.Equal(new QuotaReading(new QuotaUsage(2, 10), (await table.FindAsync(Org, "quota"))!.ETag.ToString()), reading);
    }

    [Fact]
    public async Task Fifty_concurrent_creates_on_a_deliberately_stale_remembered_counter_create_exactly_up_to_the_limit()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        var other = SecondInstance(table, defaultLimit: 10);
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(i => other.TryCreateAsync(NewBucket($"elsewhere {i}"), null, null, CancellationToken.None)));
        var remembered = await store.ReadQuotaAsync(Org, CancellationToken.None);

        var outcomes = await GuardedCreatesAsync(store, 50);

        Assert.Equal(new QuotaUsage(1, 10), remembered.Usage); // stale: the table says 5
        await AssertExactAsync(table, outcomes, created: 5, limit: 10);
    }

    [Fact]
    public async Task A_remembered_counter_that_says_full_is_never_served_so_a_delete_elsewhere_is_seen()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 2);
        var other = SecondInstance(table, defaultLimit: 2);
        var removed = NewBucket("removed");
        await store.TryCreateAsync(NewBucket("kept"), null, null, CancellationToken.None);
        await store.TryCreateAsync(removed, null, null, CancellationToken.None);
        await other.DeleteAsync(Org, removed.Id, CancellationToken.None);

        var reading = await store.ReadQuotaAsync(Org, CancellationToken.None);

        Assert.Equal(new QuotaUsage(1, 2), reading.Usage);
        Assert.IsType<CreateBucketOutcome.Created>(await store.TryCreateAsync(NewBucket("new"), reading, null, CancellationToken.None));
        Assert.Equal(2, await CounterAsync(table));
    }

    [Fact]
    public async Task Concurrent_creates_in_one_organization_on_one_instance_send_one_transaction_each()
    {
        var batches = new RequestCounter(request => request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal));
        var table = new TableClient(azurite.Azurite.ConnectionString, TestTables.UniqueName("tenants"), batches.Options());
        await table.CreateAsync();
        var store = new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = 100 }));
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None); // so the readings carry a version
        batches.Reset();

        var outcomes = await GuardedCreatesAsync(store, 20);

        // Without the per-organization gate every create but one commits against the same remembered ETag: each loser's
        // transaction is refused (412) and sent again.
        Assert.All(outcomes, o => Assert.IsType<CreateBucketOutcome.Created>(o));
        Assert.Equal(20, batches.Count);
        Assert.Equal(21, await CounterAsync(table));
        Assert.Equal(21, (await RowsAsync(table, "bucket|")).Count);
    }

    [Fact]
    public async Task A_delete_leaves_the_counter_state_it_wrote_with_the_organization_limit_so_nothing_reads_the_counter()
    {
        var quotaReads = new RequestCounter(request =>
            request.Method == RequestMethod.Get && request.Uri.Path.Contains("RowKey='quota'", StringComparison.Ordinal));
        var table = new TableClient(azurite.Azurite.ConnectionString, TestTables.UniqueName("tenants"), quotaReads.Options());
        await table.CreateAsync();
        var store = new TableBucketStore(table, Options.Create(new QuotaOptions { DefaultBucketLimit = 10 }));
        var organization = new Organization(Org, "Org", 3, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await new TableOrganizationStore(table).TryCreateAsync(organization, CancellationToken.None);
        var removed = NewBucket("removed");
        await store.TryCreateAsync(NewBucket("kept"), null, null, CancellationToken.None);
        await store.TryCreateAsync(removed, null, null, CancellationToken.None);
        Assert.True(quotaReads.Count > 0, "the counter reads are counted"); // so the 0 below means none was sent
        quotaReads.Reset();

        Assert.True(await store.DeleteAsync(Org, removed.Id, CancellationToken.None));
        var reading = await store.ReadQuotaAsync(Org, CancellationToken.None);
        var next = await store.TryCreateAsync(NewBucket("second"), reading, null, CancellationToken.None);

        // The organization's own limit (3), not the default (10), under the ETag the delete's transaction returned.
        Assert.Equal(0, quotaReads.Count);
        Assert.Equal(new QuotaUsage(1, 3), reading.Usage);
        Assert.IsType<CreateBucketOutcome.Created>(next);
        Assert.IsType<CreateBucketOutcome.Created>(await store.TryCreateAsync(NewBucket("third"), null, null, CancellationToken.None));
        Assert.IsType<CreateBucketOutcome.QuotaExceeded>(
            await store.TryCreateAsync(NewBucket("fourth"), null, null, CancellationToken.None));
        Assert.Equal(3, await CounterAsync(table));
    }

    [Fact]
    public async Task The_quota_route_reading_is_always_fresh()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        var other = SecondInstance(table, defaultLimit: 10);
        await store.TryCreateAsync(NewBucket("first"), null, null, CancellationToken.None);
        await other.TryCreateAsync(NewBucket("second"), null, null, CancellationToken.None);

        Assert.Equal(new QuotaUsage(2, 10), await store.GetQuotaAsync(Org, CancellationToken.None));
    }

    [Fact]
    public async Task A_reading_of_an_organization_without_a_counter_has_no_version_and_the_first_create_adds_one()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 3);
        var reading = await store.ReadQuotaAsync(Org, CancellationToken.None);

        var outcome = await store.TryCreateAsync(NewBucket("first"), reading, null, CancellationToken.None);

        Assert.Equal(new QuotaReading(new QuotaUsage(0, 3), null), reading);
        Assert.IsType<CreateBucketOutcome.Created>(outcome);
        Assert.Equal(1, await CounterAsync(table));
    }

    [Fact]
    public async Task Twenty_concurrent_creates_of_one_name_create_exactly_one_bucket()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 100);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() =>
                store.TryCreateAsync(NewBucket(i % 2 == 0 ? "Backups" : "BACKUPS"), null, null, CancellationToken.None))));

        Assert.Single(outcomes, o => o is CreateBucketOutcome.Created);
        Assert.Equal(19, outcomes.Count(o => o is CreateBucketOutcome.DuplicateName));
        Assert.Equal(1, await CounterAsync(table));
        Assert.Single(await RowsAsync(table, "bucket|"));
        Assert.Single(await RowsAsync(table, "name|"));
    }

    [Fact]
    public async Task Create_then_delete_ten_times_at_limit_1_leaves_the_counter_at_0_and_no_rows()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 1);

        for (var i = 0; i < 10; i++)
        {
            var bucket = NewBucket("same name each time");
            Assert.IsType<CreateBucketOutcome.Created>(await store.TryCreateAsync(bucket, null, null, CancellationToken.None));
            Assert.IsType<CreateBucketOutcome.QuotaExceeded>(
                await store.TryCreateAsync(NewBucket("another"), null, null, CancellationToken.None));
            Assert.True(await store.DeleteAsync(Org, bucket.Id, CancellationToken.None));
        }

        Assert.Equal(0, await CounterAsync(table));
        Assert.Empty(await RowsAsync(table, "bucket|"));
        Assert.Empty(await RowsAsync(table, "name|"));
    }

    [Fact]
    public async Task Concurrent_creates_and_deletes_keep_the_counter_equal_to_the_rows()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 5);
        var existing = new List<Bucket>();
        for (var i = 0; i < 5; i++)
        {
            var bucket = NewBucket($"existing {i}");
            await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
            existing.Add(bucket);
        }

        var deletes = existing.Select(b => Task.Run(() => store.DeleteAsync(Org, b.Id, CancellationToken.None)));
        var creates = Enumerable.Range(0, 10)
            .Select(i => Task.Run(() => store.TryCreateAsync(NewBucket($"new {i}"), null, null, CancellationToken.None)));
        await Task.WhenAll(deletes.Cast<Task>().Concat(creates));

        var rows = await RowsAsync(table, "bucket|");
        Assert.Equal(rows.Count, await CounterAsync(table));
        Assert.InRange(rows.Count, 0, 5);
        Assert.Equal(rows.Count, (await RowsAsync(table, "name|")).Count);
    }

    [Fact]
    public async Task Names_are_unique_case_insensitively_and_may_hold_key_forbidden_characters()
    {
        var (store, table) = await NewStoreAsync();

        Assert.IsType<CreateBucketOutcome.Created>(
            await store.TryCreateAsync(NewBucket("Backups / 2024 #1 ?%\\"), null, null, CancellationToken.None));
        Assert.IsType<CreateBucketOutcome.DuplicateName>(
            await store.TryCreateAsync(NewBucket("  backups / 2024 #1 ?%\\ "), null, null, CancellationToken.None));
        Assert.True(await NameClaimedAsync(table, "BACKUPS / 2024 #1 ?%\\", CancellationToken.None));
        Assert.False(await NameClaimedAsync(table, "Backups / 2024 #2", CancellationToken.None));
    }

    [Fact]
    public async Task The_same_name_is_free_in_another_organization()
    {
        var (store, _) = await NewStoreAsync();

        Assert.IsType<CreateBucketOutcome.Created>(
            await store.TryCreateAsync(NewBucket("Backups", "org-a"), null, null, CancellationToken.None));
        Assert.IsType<CreateBucketOutcome.Created>(
            await store.TryCreateAsync(NewBucket("Backups", "org-b"), null, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_organization_limit_overrides_the_default_and_null_restores_it()
    {
        var (store, table) = await NewStoreAsync(defaultLimit: 10);
        var organizations = new TableOrganizationStore(table);
        var organization = new Organization(Org, "Org", 2, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await organizations.TryCreateAsync(organization, CancellationToken.None);

        await store.TryCreateAsync(NewBucket("a"), null, null, CancellationToken.None);
        await store.TryCreateAsync(NewBucket("b"), null, null, CancellationToken.None);
        var third = await store.TryCreateAsync(NewBucket("c"), null, null, CancellationToken.None);
        await organizations.TryUpdateAsync(organization with { BucketLimit = null }, CancellationToken.None);
        var afterReset = await store.TryCreateAsync(NewBucket("c"), null, null, CancellationToken.None);

        Assert.Equal(new QuotaUsage(2, 2), Assert.IsType<CreateBucketOutcome.QuotaExceeded>(third).Usage);
        Assert.IsType<CreateBucketOutcome.Created>(afterReset);
        Assert.Equal(new QuotaUsage(3, 10), await store.GetQuotaAsync(Org, CancellationToken.None));
    }

    [Fact]
    public async Task Quota_of_an_unknown_organization_is_zero_of_the_default()
    {
        var (store, _) = await NewStoreAsync(defaultLimit: 7);

        Assert.Equal(new QuotaUsage(0, 7), await store.GetQuotaAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Get_finds_a_bucket_only_in_its_own_organization()
    {
        var (store, _) = await NewStoreAsync();
        var bucket = NewBucket("mine", "org-a");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);

        var own = await store.GetAsync("org-a", bucket.Id, CancellationToken.None);

        Assert.Equal(bucket, own);
        Assert.Null(await store.GetAsync("org-b", bucket.Id, CancellationToken.None));
        Assert.False(await store.DeleteAsync("org-b", bucket.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync("org-a", bucket.Id, CancellationToken.None));
    }

    [Fact]
    public async Task List_pages_through_one_workspace_with_continuation_tokens()
    {
        var (store, _) = await NewStoreAsync(defaultLimit: 100);
        for (var i = 0; i < 12; i++)
        {
            await store.TryCreateAsync(NewBucket($"b{i}", workspaceId: i % 3 == 0 ? "ws-x" : "ws-y"), null, null, CancellationToken.None);
        }

        await store.TryCreateAsync(NewBucket("elsewhere", "org-other", "ws-x"), null, null, CancellationToken.None);

        var seen = new List<Bucket>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(Org, new BucketListQuery(["ws-y"], 3, token), CancellationToken.None);
            Assert.True(page.Buckets.Count <= 3);
            seen.AddRange(page.Buckets);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(8, seen.Count);
        Assert.All(seen, b => Assert.Equal(("ws-y", Org), (b.WorkspaceId, b.OrganizationId)));
        Assert.Equal(8, seen.Select(b => b.Id).Distinct().Count());
        Assert.InRange(pages, 3, 4);
        var all = await store.ListAsync(Org, new BucketListQuery(null, 100, null), CancellationToken.None);
        Assert.Equal(12, all.Buckets.Count);
        Assert.Null(all.ContinuationToken);
    }

    [Fact]
    public async Task List_refuses_a_continuation_token_it_did_not_issue()
    {
        var (store, _) = await NewStoreAsync();

        await Assert.ThrowsAsync<InvalidContinuationTokenException>(
            () => store.ListAsync(Org, new BucketListQuery(null, 10, "not-a-token!"), CancellationToken.None));
    }

    [Fact]
    public async Task List_refuses_a_token_altered_by_one_character_or_replayed_on_another_listing()
    {
        var (store, _) = await NewStoreAsync(defaultLimit: 100);
        for (var i = 0; i < 4; i++)
        {
            await store.TryCreateAsync(NewBucket($"t{i}", workspaceId: i % 2 == 0 ? "ws-x" : "ws-y"), null, null, CancellationToken.None);
        }

        var first = await store.ListAsync(Org, new BucketListQuery(null, 1, null), CancellationToken.None);
        var token = first.ContinuationToken!;
        var second = await store.ListAsync(Org, new BucketListQuery(null, 1, token), CancellationToken.None);
        Assert.NotEqual(first.Buckets[0].Id, second.Buckets[0].Id);

        var altered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListAsync(Org, new BucketListQuery(null, 1, altered), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListAsync(Org, new BucketListQuery(["ws-x"], 1, token), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => store.ListAsync("org-other", new BucketListQuery(null, 1, token), CancellationToken.None));
    }

    [Fact]
    public async Task List_of_several_workspaces_returns_only_theirs_and_of_none_returns_nothing()
    {
        var (store, _) = await NewStoreAsync(defaultLimit: 100);
        foreach (var (name, workspace) in new[] { ("a", "ws-a"), ("b", "ws-b"), ("c", "ws-c"), ("q", "it's") })
        {
            await store.TryCreateAsync(NewBucket(name, workspaceId: workspace), null, null, CancellationToken.None);
        }

        var some = await store.ListAsync(Org, new BucketListQuery(["ws-a", "it's"], 100, null), CancellationToken.None);
        Assert.Equal(["a", "q"], some.Buckets.Select(b => b.Name).Order());
        var none = await store.ListAsync(Org, new BucketListQuery([], 100, null), CancellationToken.None);
        Assert.Empty(none.Buckets);
    }

    [Fact]
    public async Task Update_increments_the_revision_and_refuses_a_stale_one()
    {
        var (store, _) = await NewStoreAsync();
        var bucket = NewBucket("original");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);

        var first = await store.TryUpdateAsync(bucket with { Region = "eu-west-1" }, 1, null, CancellationToken.None);
        var stale = await store.TryUpdateAsync(bucket with { Region = "eu-west-2" }, 1, null, CancellationToken.None);
        var missing = await store.TryUpdateAsync(NewBucket("ghost"), 1, null, CancellationToken.None);

        Assert.Equal(2, Assert.IsType<UpdateBucketOutcome.Updated>(first).Bucket.Revision);
        Assert.Equal(2, Assert.IsType<UpdateBucketOutcome.RevisionMismatch>(stale).CurrentRevision);
        Assert.IsType<UpdateBucketOutcome.NotFound>(missing);
        Assert.Equal("eu-west-1", (await store.GetAsync(Org, bucket.Id, CancellationToken.None))!.Region);
    }

    [Fact]
    public async Task Renaming_moves_the_name_claim_and_refuses_a_taken_name()
    {
        var (store, table) = await NewStoreAsync();
        var a = NewBucket("alpha");
        var b = NewBucket("beta");
        await store.TryCreateAsync(a, null, null, CancellationToken.None);
        await store.TryCreateAsync(b, null, null, CancellationToken.None);

        var clash = await store.TryUpdateAsync(a with { Name = "BETA" }, 1, null, CancellationToken.None);
        var renamed = await store.TryUpdateAsync(a with { Name = "gamma" }, 1, null, CancellationToken.None);

        Assert.IsType<UpdateBucketOutcome.DuplicateName>(clash);
        Assert.IsType<UpdateBucketOutcome.Updated>(renamed);
        Assert.False(await NameClaimedAsync(table, "alpha", CancellationToken.None));
        Assert.True(await NameClaimedAsync(table, "gamma", CancellationToken.None));
        Assert.Equal(2, (await RowsAsync(table, "name|")).Count);
    }

    [Fact]
    public async Task Concurrent_deletes_of_one_bucket_decrement_the_counter_once()
    {
        var (store, table) = await NewStoreAsync();
        var bucket = NewBucket("doomed");
        await store.TryCreateAsync(bucket, null, null, CancellationToken.None);
        await store.TryCreateAsync(NewBucket("survivor"), null, null, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.DeleteAsync(Org, bucket.Id, CancellationToken.None))));

        Assert.Single(results, deleted => deleted);
        Assert.Equal(1, await CounterAsync(table));
    }
}
