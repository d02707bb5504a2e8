using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using BucketFunctions.Api.Tests.Faults;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Infrastructure.TableStorage;

namespace BucketFunctions.Api.Tests.Idempotency;

/// <summary>
/// Keyed creates cut between their steps, as when their host dies: the commit itself keeps the answer, so a retry learns
/// the bucket it made; and a key whose holder stopped renewing is free again after the short lease, while one whose
/// holder still runs is not. Each test counts what was stored.
/// </summary>
public sealed class IdempotencyCrashTests()
    : FaultTestBase(new() { ["Idempotency:LeaseDuration"] = Lease.ToString("c", CultureInfo.InvariantCulture) })
{
    /// <summary>The shortest lease the setting allows: its holder renews it every few seconds.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_create_cut_right_after_its_commit_is_replayed_on_retry_not_refused_as_a_duplicate()
    {
        // The commit lands, then the request fails before answering and cannot even look the bucket up.
        Cues.TryCreate = async (_, commit) =>
        {
            await commit();
            throw new RequestFailedException(503, "The table service went away.");
        };
        Cues.BeforeGet = () => throw new RequestFailedException(503, "The table service is still away.");
        var body = ValidBody();

        await AssertProblemAsync(await CreateAsync("cut-after-commit", body), HttpStatusCode.InternalServerError, "internal_error");
        Cues.TryCreate = null;
        Cues.BeforeGet = null;
        var retry = await CreateAsync("cut-after-commit", body);

        var json = await AssertOkAsync(retry);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await StoredBucketIdAsync(), Guid.Parse(json["bucketId"]!.GetValue<string>()));
        Assert.Equal("\"1\"", retry.Headers.ETag?.Tag);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        Assert.Equal(1, await IdempotencyRowsAsync());
    }

    [Fact]
    public async Task A_repeat_while_the_holder_still_runs_gets_409_long_after_the_lease_it_first_took()
    {
        var (atCommit, letGo) = HoldFirstCommit();
        var moved = 0;
        var renewedSinceMove = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cues.Renew = async (_, renew) =>
        {
            var sinceMove = Volatile.Read(ref moved) == 1;
            var renewed = await renew();
            if (renewed && sinceMove)
            {
                renewedSinceMove.TrySetResult();
            }

            return renewed;
        };
        var body = ValidBody();
        var holder = CreateAsync("still-running", body);
        await atCommit.WaitAsync(Patience);

        Cues.Clock.Advance(TimeSpan.FromMinutes(1));
        Volatile.Write(ref moved, 1);
        await renewedSinceMove.Task.WaitAsync(Patience);
        await AssertProblemAsync(await CreateAsync("still-running", body), HttpStatusCode.Conflict, "idempotency_in_progress");

        letGo();
        var first = await AssertOkAsync(await holder);
        var replay = await CreateAsync("still-running", body);
        Assert.Equal(first.ToJsonString(), (await AssertOkAsync(replay)).ToJsonString());
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        Assert.Equal(1, await IdempotencyRowsAsync());
    }

    [Fact]
    public async Task A_key_whose_holder_stopped_renewing_is_taken_over_after_the_short_lease_and_keeps_the_new_answer()
    {
        var (atCommit, letGo) = HoldFirstCommit();
        Cues.Renew = (_, _) => Task.FromResult(true);  // the holder believes it renews; the table never hears, as when it died
        var body = ValidBody();
        var holder = CreateAsync("orphaned", body);
        await atCommit.WaitAsync(Patience);
        await AssertProblemAsync(await CreateAsync("orphaned", body), HttpStatusCode.Conflict, "idempotency_in_progress");

        Cues.Clock.Advance(Lease);
        var takeOver = await CreateAsync("orphaned", body);

        var taken = await AssertOkAsync(takeOver);
        Assert.False(takeOver.Headers.Contains("Idempotent-Replayed"));
        letGo();
        // The old holder's commit is refused (its name row, then its stale lease), so it stores nothing and keeps nothing.
        await AssertProblemAsync(await holder, HttpStatusCode.Conflict, "duplicate_bucket_name");
        var replay = await CreateAsync("orphaned", body);
        Assert.Equal(taken.ToJsonString(), (await AssertOkAsync(replay)).ToJsonString());
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
        Assert.Equal(1, await IdempotencyRowsAsync());
    }

    private Task<HttpResponseMessage> CreateAsync(string key, JsonObject body) =>
        SendJsonAsync(Tenant, HttpMethod.Post, "/bucket", body, ("Idempotency-Key", key));

    /// <summary>Stops the first create just before its commit until the test lets it go; later creates run through.</summary>
    private (Task AtCommit, Action LetGo) HoldFirstCommit()
    {
        var atCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Cues.TryCreate = async (_, commit) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                atCommit.SetResult();
                await letGo.Task;
            }

            return await commit();
        };
        return (atCommit.Task, letGo.SetResult);
    }

    private async Task<Guid> StoredBucketIdAsync()
    {
        var rows = await RowsAsync("bucket|");
        return Guid.ParseExact(Assert.Single(rows).RowKey["bucket|".Length..], "N");
    }

    private async Task<int> IdempotencyRowsAsync() => (await RowsAsync("idempotency|")).Count;

    private async Task<List<TableEntity>> RowsAsync(string rowKeyPrefix)
    {
        var rows = new List<TableEntity>();
        var filter = TableOData.And(
            TableOData.Equal("PartitionKey", TableKey.Encode(OrganizationId)), TableOData.StartsWith("RowKey", rowKeyPrefix));
        await foreach (var row in Factory.Table(Factory.TenantsTable).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}
