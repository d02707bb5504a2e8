using System.Net;
using System.Text.Json.Nodes;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// The client gives up at each await point of create, update and delete: as port call N starts (or, for the writes,
/// as it ends — the write landed), the test cancels the HTTP request and lets the call go on only once the server has
/// seen the cancellation. Whatever the request then did, the stored state must be consistent.
/// </summary>
public sealed class CancellationFaultTests : PortFaultTestBase
{
    // Port calls, in start order. Create: ReadQuota and Probe (started together), VaultPut, TryCreate.
    // Update (rename and new secret): Get, VaultGet, Probe, VaultPut, TryUpdate. Delete: Get, Delete, VaultDelete.
    public static TheoryData<int, bool> CreatePoints => Points(4, endingWrites: [3]);

    public static TheoryData<int, bool> UpdatePoints => Points(5, endingWrites: [4]);

    public static TheoryData<int, bool> DeletePoints => Points(3, endingWrites: [2]);

    private static readonly string[][] CreateCalls = [["ReadQuota", "Probe"], ["ReadQuota", "Probe"], ["VaultPut"], ["TryCreate"]];

    private static readonly string[][] UpdateCalls = [["Get"], ["VaultGet"], ["Probe"], ["VaultPut"], ["TryUpdate"]];

    private static readonly string[][] DeleteCalls = [["Get"], ["Delete"], ["VaultDelete"]];

    [Theory]
    [MemberData(nameof(CreatePoints))]
    public async Task A_create_cancelled_at_any_port_call_leaves_a_consistent_state(int call, bool ending)
    {
        var secret = NewSecret();
        using var client = new CancellationTokenSource();
        var point = CancelAt(call, ending, client);

        var (response, correlationId) = await SendCancellableAsync(HttpMethod.Post, "/bucket", ValidBody(secret: secret), client.Token);
        await RequestFinishedAsync("CreateBucket", correlationId);

        await AssertCancelledAsync(response, point, CreateCalls[call - 1]);
        var rows = await BucketIdsAsync();
        var state = await AssertConsistentAsync(rows.ToDictionary(id => id, _ => secret));
        Assert.True(state == StoredState.Empty || state == new StoredState(1, 1, 1, 1), $"Cancelled at {point}: {state}");
    }

    [Theory]
    [MemberData(nameof(UpdatePoints))]
    public async Task An_update_cancelled_at_any_port_call_leaves_a_consistent_state(int call, bool ending)
    {
        var oldSecret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: oldSecret));
        var newSecret = NewSecret();
        var newName = "Renamed " + Guid.NewGuid().ToString("N")[..6];
        using var client = new CancellationTokenSource();
        var point = CancelAt(call, ending, client);

        var change = new JsonObject { ["name"] = newName, ["secret"] = newSecret };
        var (response, correlationId) = await SendCancellableAsync(HttpMethod.Put, $"/bucket/{IdOf(bucket)}", change, client.Token);
        await RequestFinishedAsync("UpdateBucket", correlationId);

        await AssertCancelledAsync(response, point, UpdateCalls[call - 1]);
        Faults.Disarm();
        var stored = (await AssertOkAsync(await Tenant.GetAsync($"/bucket/{IdOf(bucket)}")))["bucket"]!;
        var updated = stored["revision"]!.GetValue<long>() == 2;
        Assert.Equal(updated ? newName : bucket["name"]!.GetValue<string>(), stored["name"]!.GetValue<string>());
        var expected = new Dictionary<Guid, string> { [IdOf(bucket)] = updated ? newSecret : oldSecret };
        Assert.Equal(new StoredState(1, 1, 1, 1), await AssertConsistentAsync(expected));
    }

    [Theory]
    [MemberData(nameof(DeletePoints))]
    public async Task A_delete_cancelled_at_any_port_call_leaves_a_consistent_state(int call, bool ending)
    {
        var secret = NewSecret();
        var bucket = await CreateBucketAsync(body: ValidBody(secret: secret));
        using var client = new CancellationTokenSource();
        var point = CancelAt(call, ending, client);

        var (response, correlationId) = await SendCancellableAsync(HttpMethod.Delete, $"/bucket/{IdOf(bucket)}", null, client.Token);
        await RequestFinishedAsync("DeleteBucket", correlationId);

        await AssertCancelledAsync(response, point, DeleteCalls[call - 1]);
        var state = await AssertConsistentAsync(new Dictionary<Guid, string> { [IdOf(bucket)] = secret });
        Assert.True(state == StoredState.Empty || state == new StoredState(1, 1, 1, 1), $"Cancelled at {point}: {state}");
    }

    private static TheoryData<int, bool> Points(int calls, int[] endingWrites)
    {
        var points = new TheoryData<int, bool>();
        for (var call = 1; call <= calls; call++)
        {
            points.Add(call, false);
        }

        foreach (var call in endingWrites)
        {
            points.Add(call, true);
        }

        return points;
    }


    /// <summary>
    /// As call <paramref name="number"/> starts (or ends), cancels the client's request and holds the call until the
    /// server's token for it is cancelled too (a call given no token goes on at once). Returns the calls seen.
    /// </summary>
    private CancelPoint CancelAt(int number, bool ending, CancellationTokenSource client)
    {
        var point = new CancelPoint(number);
        var calls = point.Calls;
        Faults.OnCall = async call =>
        {
            lock (calls)
            {
                calls.Add(call);
            }

            if (call.Number != number || call.Ending != ending)
            {
                return;
            }

            await client.CancelAsync();
            if (call.Token.CanBeCanceled)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), call.Token);
                }
                catch (OperationCanceledException)
                {
                    point.ServerSawCancellation = true;
                }
            }
            else
            {
                point.ServerSawCancellation = true; // nothing to see: the call goes on regardless, by design
            }
        };
        return point;
    }

    /// <summary>The client gave up (or, when the rest of the work took no token, may have had its answer first).</summary>
    private static async Task AssertCancelledAsync(HttpResponseMessage? response, CancelPoint point, string[] expectedCall)
    {
        Assert.Contains(point.Target?.Name, expectedCall);
        Assert.True(point.ServerSawCancellation, $"The server did not see the client go at {point}.");
        if (response is not null)
        {
            // Only possible when nothing after the cancellation point listened to the token.
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Unexpected {(int)response.StatusCode}: {text}");
        }
    }

    private async Task<List<Guid>> BucketIdsAsync()
    {
        Faults.Disarm();
        var page = await AssertOkAsync(await Tenant.GetAsync("/bucket"));
        return page["buckets"]!.AsArray().Select(b => IdOf(b!.AsObject())).ToList();
    }

    /// <summary>Where the client gave up, the port calls seen (in start order), and whether the server noticed.</summary>
    private sealed class CancelPoint(int number)
    {
        public List<PortCall> Calls { get; } = [];

        public bool ServerSawCancellation { get; set; }

        public PortCall? Target
        {
            get
            {
                lock (Calls)
                {
                    return Calls.FirstOrDefault(c => c.Number == number && !c.Ending);
                }
            }
        }

        public override string ToString()
        {
            lock (Calls)
            {
                return string.Join(", ", Calls.Where(c => !c.Ending).Select(c => c.Number == number ? $"[{c.Name}]" : c.Name));
            }
        }
    }
}
