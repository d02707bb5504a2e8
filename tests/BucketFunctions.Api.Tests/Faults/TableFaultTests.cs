using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// Table Storage answering 503 or not at all in the middle of the create, delete and rename transactions — before the
/// service applied them, and after (the answer lost). The table client's own retries run as they would in Azure.
/// </summary>
public sealed class TableFaultTests : PortFaultTestBase
{
    private const int Persistent = 100;

    [Theory]
    [InlineData(BatchFault.Busy)]
    [InlineData(BatchFault.Stall)]
    public async Task A_create_whose_transaction_fails_once_is_retried_and_stored(BatchFault fault)
    {
        var secret = NewSecret();
        Fail(fault, batches: 1);

        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));

        Assert.Equal(1, Faults.TableFaults.Faulted);
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
    }

    [Theory]
    [InlineData(BatchFault.Busy)]
    [InlineData(BatchFault.Stall)]
    public async Task A_create_whose_transaction_keeps_failing_answers_500_and_stores_nothing(BatchFault fault)
    {
        Fail(fault, Persistent);

        var response = await PostJsonAsync(Tenant, "/bucket", ValidBody());

        await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.Equal(0, Faults.TableFaults.Delivered);
        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
    }

    [Theory]
    [InlineData(BatchFault.AppliedThenBusy)]
    [InlineData(BatchFault.AppliedThenStall)]
    public async Task A_create_whose_transaction_landed_but_whose_answer_was_lost_answers_success(BatchFault fault)
    {
        var secret = NewSecret();
        Fail(fault, batches: 1);

        var json = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody(secret: secret)));

        var id = Guid.Parse(json["bucketId"]!.GetValue<string>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [id] = secret }));
        await AssertOkAsync(await Tenant.GetAsync($"/bucket/{id}"));
    }

    [Theory]
    [InlineData(BatchFault.Busy)]
    [InlineData(BatchFault.Stall)]
    public async Task A_delete_whose_transaction_fails_once_is_retried(BatchFault fault)
    {
        var bucket = await CreateBucketAsync();
        Fail(fault, batches: 1);

        await AssertOkAsync(await Tenant.DeleteAsync($"/bucket/{IdOf(bucket)}"));

        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
    }

    [Fact]
    public async Task A_delete_whose_transaction_keeps_failing_answers_500_and_keeps_the_bucket()
    {
        var secret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));
        Fail(BatchFault.Busy, Persistent);

        await AssertProblemAsync(await Tenant.DeleteAsync($"/bucket/{IdOf(bucket)}"), HttpStatusCode.InternalServerError, "internal_error");

        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
    }

    [Theory]
    [InlineData(BatchFault.AppliedThenBusy)]
    [InlineData(BatchFault.AppliedThenStall)]
    public async Task A_delete_whose_transaction_landed_but_whose_answer_was_lost_leaves_nothing(BatchFault fault)
    {
        var bucket = await CreateBucketAsync();
        Fail(fault, batches: 1);

        var response = await Tenant.DeleteAsync($"/bucket/{IdOf(bucket)}");

        // The bucket is gone either way; the pipeline's retry finds nothing to delete, so the answer may be 404.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"Unexpected {(int)response.StatusCode}");
        Assert.Equal(StoredState.Empty, await StoredAsync());
        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
    }

    [Theory]
    [InlineData(BatchFault.Busy, false)]
    [InlineData(BatchFault.Stall, true)]
    public async Task A_rename_whose_transaction_fails_once_is_retried(BatchFault fault, bool ifMatch)
    {
        var bucket = await CreateBucketAsync();
        var secret = NewSecret();
        Fail(fault, batches: 1);

        var updated = await UpdateAsync(IdOf(bucket), "Renamed " + Guid.NewGuid().ToString("N")[..6], secret, ifMatch);

        Assert.Equal(2, (await AssertOkAsync(updated))["bucket"]!["revision"]!.GetValue<long>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
    }

    [Fact]
    public async Task A_rename_whose_transaction_keeps_failing_answers_500_and_keeps_name_and_secret()
    {
        var oldSecret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: oldSecret));
        Fail(BatchFault.Busy, Persistent);

        var response = await UpdateAsync(IdOf(bucket), "Renamed " + Guid.NewGuid().ToString("N")[..6], NewSecret(), ifMatch: true);

        await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = oldSecret }));
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}")))["bucket"]!;
        Assert.Equal(bucket["name"]!.GetValue<string>(), stored["name"]!.GetValue<string>());
        Assert.Equal(1, stored["revision"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(BatchFault.AppliedThenBusy, false)]
    [InlineData(BatchFault.AppliedThenBusy, true)]
    [InlineData(BatchFault.AppliedThenStall, true)]
    public async Task A_rename_whose_transaction_landed_but_whose_answer_was_lost_answers_success_with_the_new_secret(
        BatchFault fault, bool ifMatch)
    {
        var bucket = await CreateBucketAsync();
        var name = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        var secret = NewSecret();
        Fail(fault, batches: 1);

        var json = await AssertOkAsync(await UpdateAsync(IdOf(bucket), name, secret, ifMatch));

        Assert.Equal(name, json["bucket"]!["name"]!.GetValue<string>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}")))["bucket"]!;
        Assert.Equal(name, stored["name"]!.GetValue<string>());
        Assert.Equal(json["bucket"]!["revision"]!.GetValue<long>(), stored["revision"]!.GetValue<long>());

        // The old name is free again, the new one taken.
        await CreateBucketAsync(body: ValidBody(name: bucket["name"]!.GetValue<string>()));
        var duplicate = await PostJsonAsync(Tenant, "/bucket", ValidBody(name: name));
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "duplicate_bucket_name");
        await AssertConsistentAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_update_that_landed_while_every_answer_failed_keeps_the_new_secret(bool ifMatch)
    {
        // The first transaction is applied but answered 503; every retry of the pipeline is answered 503 as well.
        var bucket = await CreateBucketAsync();
        var name = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        var secret = NewSecret();
        Faults.TableFaults.Fail(BatchFault.AppliedThenBusy, 1).Fail(BatchFault.Busy, Persistent);

        var json = await AssertOkAsync(await UpdateAsync(IdOf(bucket), name, secret, ifMatch));

        Assert.Equal(2, json["bucket"]!["revision"]!.GetValue<long>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret }));
    }

    [Fact]
    public async Task A_create_that_landed_while_every_answer_failed_answers_success()
    {
        var secret = NewSecret();
        Faults.TableFaults.Fail(BatchFault.AppliedThenStall, 1).Fail(BatchFault.Busy, Persistent);

        var json = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody(secret: secret)));

        var id = Guid.Parse(json["bucketId"]!.GetValue<string>());
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(new Dictionary<Guid, string> { [id] = secret }));
    }

    [Fact]
    public async Task A_delete_that_landed_while_every_answer_failed_leaves_nothing_once_swept()
    {
        var bucket = await CreateBucketAsync();
        Faults.TableFaults.Fail(BatchFault.AppliedThenBusy, 1).Fail(BatchFault.Busy, Persistent);

        var response = await Tenant.DeleteAsync($"/bucket/{IdOf(bucket)}");

        // Known limitation: the error is answered as 500 although the bucket is gone; its credential waits for the sweep.
        await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.Equal(new StoredState(0, 0, 1, 0), await StoredAsync());
        Assert.Equal(StoredState.Empty, await AssertConsistentAsync());
        await AssertProblemAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}"), HttpStatusCode.NotFound, "not_found");
    }

    private void Fail(BatchFault fault, int batches) => Faults.TableFaults.Fail(fault, batches);

    private Task<HttpResponseMessage> UpdateAsync(Guid id, string name, string secret, bool ifMatch) =>
        SendJsonAsync(Tenant, HttpMethod.Put, $"/bucket/{id}", new JsonObject { ["name"] = name, ["secret"] = secret },
            ifMatch ? [("If-Match", "\"1\"")] : []);
}
