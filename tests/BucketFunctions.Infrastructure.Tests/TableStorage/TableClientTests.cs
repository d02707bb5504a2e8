using Azure;
using BucketFunctions.Infrastructure.TableStorage;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.TableStorage;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<TableClient> NewTableAsync()
    {
        var client = await TestTables.CreateAsync(azurite.Azurite);
        return client;
    }

    [Fact]
    public async Task CreateIfNotExists_reports_whether_it_created_the_table()
    {
        var client = await TestTables.CreateAsync(azurite.Azurite);
        Assert.False(await client.CreateIfNotExistsAsync());
        Assert.True(await client.DeleteAsync());
        Assert.False(await client.DeleteAsync());
    }

    [Fact]
    public async Task Typed_properties_round_trip_as_their_own_types()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "hello 'quoted' ü",
            ["Flag"] = true,
            ["Small"] = 42,
            ["Big"] = long.MaxValue - 1,
            ["Ratio"] = 2.5,
            ["Whole"] = 3.0,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
        };

        var etag = await table.AddEntityAsync(entity);
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.NotNull(read);
        Assert.NotEqual(default, etag);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("hello 'quoted' ü", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(42, read["Small"]);
        Assert.Equal(long.MaxValue - 1, read["Big"]);
        Assert.Equal(2.5, read["Ratio"]);
        Assert.Equal(3.0, read.GetDouble("Whole"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(id, read["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, read.GetBinary("Bytes"));
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_and_unicode_address_the_right_entity()
    {
        var table = await NewTableAsync();
        const string partition = "org 'A' ü+%";
        const string row = "name|it's & more";
        await table.AddEntityAsync(new TableEntity(partition, row) { ["V"] = 1 });

        var read = await table.GetEntityIfExistsAsync(partition, row);

        Assert.Equal(1, read?.GetInt32("V"));
        Assert.True(await table.DeleteEntityAsync(partition, row));
    }

    [Fact]
    public async Task Add_fails_with_409_EntityAlreadyExists_when_keys_are_taken()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal(TableErrorCodes.EntityAlreadyExists, error.ErrorCode);
    }

    [Fact]
    public async Task Get_returns_null_for_a_missing_entity_and_honours_select()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        Assert.Null(await table.GetEntityIfExistsAsync("p", "missing"));
        var selected = await table.GetEntityIfExistsAsync("p", "r", ["A"]);
        Assert.Equal("a", selected?.GetString("A"));
        Assert.False(selected!.ContainsKey("B"));
    }

    [Fact]
    public async Task Merge_keeps_unnamed_properties_and_replace_drops_them()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        etag = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["A"] = "a2" }, etag, TableUpdateMode.Merge);
        var merged = await table.GetEntityIfExistsAsync("p", "r");
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["A"] = "a3" }, etag, TableUpdateMode.Replace);
        var replaced = await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal(("a2", "b"), (merged!.GetString("A"), merged.GetString("B")));
        Assert.Equal("a3", replaced!.GetString("A"));
        Assert.False(replaced.ContainsKey("B"));
    }

    [Fact]
    public async Task Update_with_a_stale_etag_fails_with_412_and_changes_nothing()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, first));

        Assert.Equal(412, error.Status);
        Assert.Equal(TableErrorCodes.UpdateConditionNotSatisfied, error.ErrorCode);
        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Update_of_a_missing_entity_fails_with_404_ResourceNotFound()
    {
        var table = await NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "nope"), default));

        Assert.Equal(404, error.Status);
        Assert.Equal(TableErrorCodes.ResourceNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Upsert_inserts_then_merges()
    {
        var table = await NewTableAsync();

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = "a" });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = "b" });
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal(("a", "b"), (read!.GetString("A"), read.GetString("B")));
    }

    [Fact]
    public async Task Delete_honours_if_match_and_reports_a_missing_entity()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first);

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));
        Assert.Equal(412, stale.Status);
        Assert.True(await table.DeleteEntityAsync("p", "r", second));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task Query_filters_selects_and_pages_with_top()
    {
        var table = await NewTableAsync();
        for (var i = 0; i < 25; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", $"r{i:D2}") { ["Even"] = i % 2 == 0, ["N"] = i, ["Other"] = "x" });
        }

        var pages = new List<TableQueryPage>();
        TableContinuationToken? token = null;
        do
        {
            var page = await table.QueryPageAsync(TableOData.Equal("Even", true), ["N"], top: 5, continuation: token);
            pages.Add(page);
            token = page.ContinuationToken;
            Assert.True(TableContinuationToken.TryParse(token?.ToString(), out var reparsed) == (token is not null));
            token = reparsed;
        }
        while (token is not null);

        var all = pages.SelectMany(p => p.Entities).ToList();
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i * 2), all.Select(e => e.GetInt32("N")!.Value));
        Assert.All(all, e => Assert.False(e.ContainsKey("Other")));
        Assert.True(pages.Count >= 3);
        Assert.All(pages, p => Assert.True(p.Entities.Count <= 5));
    }

    [Fact]
    public async Task Query_continues_across_more_than_1000_entities()
    {
        var table = await NewTableAsync();
        for (var batch = 0; batch < 11; batch++)
        {
            var actions = Enumerable.Range(0, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{batch:D2}{i:D3}") { ["N"] = batch * 100 + i }))
                .ToList();
            await table.SubmitTransactionAsync(actions);
        }

        var firstPage = await table.QueryPageAsync();
        var all = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync(TableOData.Equal("PartitionKey", "p")))
        {
            all.Add(entity);
        }

        Assert.Equal(1000, firstPage.Entities.Count);
        Assert.NotNull(firstPage.ContinuationToken);
        Assert.Equal(1100, all.Count);
        Assert.Equal(Enumerable.Range(0, 1100), all.Select(e => e.GetInt32("N")!.Value).Order());
    }

    [Fact]
    public async Task Transaction_applies_every_operation_together()
    {
        var table = await NewTableAsync();
        var counterETag = await table.AddEntityAsync(new TableEntity("p", "counter") { ["Used"] = 0 });
        await table.AddEntityAsync(new TableEntity("p", "old"));

        var results = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "counter") { ["Used"] = 1 }, counterETag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "old")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "b") { ["V"] = "v" }),
        ]);

        Assert.Equal(4, results.Count);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "a"));
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "b"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "old"));
        var counter = await table.GetEntityIfExistsAsync("p", "counter");
        Assert.Equal(1, counter!.GetInt32("Used"));
        Assert.Equal(counter.ETag, results[1].ETag);
    }

    [Fact]
    public async Task Transaction_whose_third_operation_fails_writes_nothing_and_names_that_operation()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "taken") { ["V"] = "original" });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "first")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "second")),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken") { ["V"] = "overwritten?" }),
        ]));

        Assert.Equal(409, error.Status);
        Assert.Equal(TableErrorCodes.EntityAlreadyExists, error.ErrorCode);
        Assert.Equal(2, error.FailedOperationIndex);
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync())
        {
            rows.Add(entity);
        }

        Assert.Equal("taken", Assert.Single(rows).RowKey);
        Assert.Equal("original", rows[0].GetString("V"));
    }

    [Fact]
    public async Task Transaction_with_a_stale_if_match_fails_with_412_and_rolls_back()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "counter") { ["Used"] = 0 });
        await table.UpdateEntityAsync(new TableEntity("p", "counter") { ["Used"] = 5 }, stale);

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "bucket")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "counter") { ["Used"] = 1 }, stale),
        ]));

        Assert.Equal(412, error.Status);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "bucket"));
        Assert.Equal(5, (await table.GetEntityIfExistsAsync("p", "counter"))!.GetInt32("Used"));
    }

    [Fact]
    public async Task Transaction_rejects_operations_across_partitions_before_sending()
    {
        var table = await NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        ]));
    }

    [Fact]
    public async Task Requests_signed_with_a_wrong_account_key_are_refused_with_403()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var client = new TableClient(azurite.Azurite.TableEndpoint, TestTables.UniqueName(), new AzureNamedKeyCredential(Azurite.AccountName, wrongKey));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.CreateIfNotExistsAsync());

        Assert.Equal(403, error.Status);
    }
}
