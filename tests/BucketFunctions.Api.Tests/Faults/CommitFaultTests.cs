using System.Net;
using Azure;
using BucketFunctions.Api.Tests.Support;
using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Api.Tests.Faults;

/// <summary>
/// What a create answers and leaves behind when the vault or the table fails around the commit (vault write, then the
/// table transaction, then — when the commit did not happen — removal of the vault entry).
/// </summary>
public sealed class CommitFaultTests : FaultTestBase
{
    private const string Marker = "FAULT-MARKER-3b9e1c";

    [Fact]
    public async Task Create_returns_500_internal_error_with_only_a_correlation_id_when_the_store_fails()
    {
        var vaultEntriesDuringCommit = -1;
        Cues.TryCreate = async (_, _) =>
        {
            vaultEntriesDuringCommit = (await StoredAsync()).VaultEntries;
            throw new RequestFailedException(503, $"The table service is unavailable ({Marker}).", "ServerBusy", new InvalidOperationException(Marker));
        };

        var response = await PostJsonAsync(Tenant, "/bucket", ValidBody());

        var text = await response.Content.ReadAsStringAsync();
        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        var correlationId = problem["correlationId"]!.GetValue<string>();
        Assert.Equal(correlationId, Assert.Single(response.Headers.GetValues("x-correlation-id")));
        foreach (var leak in new[] { Marker, " at ", "Exception", "RequestFailed", "ServerBusy", "Azure.", "BucketFunctions.", ".cs:line" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        var error = Assert.Single(Factory.Logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal) && l.Contains(correlationId, StringComparison.Ordinal));
        Assert.Contains("Azure.RequestFailedException <- System.InvalidOperationException", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, string.Join("\n", Factory.Logs.Lines), StringComparison.Ordinal);  // messages may quote a secret
        Assert.Equal(1, vaultEntriesDuringCommit);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_vault_failure_stores_nothing_and_answers_500()
    {
        var commits = 0;
        Cues.BeforeVaultPut = (_, _) => throw new RequestFailedException(500, $"The vault is down ({Marker}).");
        Cues.TryCreate = (_, commit) =>
        {
            Interlocked.Increment(ref commits);
            return commit();
        };

        var response = await PostJsonAsync(Tenant, "/bucket", ValidBody());

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain(Marker, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, commits);
        Assert.Equal(StoredState.Empty, await StoredAsync());
    }

    [Fact]
    public async Task A_failed_vault_cleanup_does_not_change_the_answer()
    {
        // The pre-check found the name free, but the commit refuses it (another request claimed it in between), and
        // the vault entry written before the commit cannot be removed: the orphan is left for the sweep.
        var secret = NewSecret();
        Guid? bucketId = null;
        Cues.TryCreate = (bucket, _) =>
        {
            bucketId = bucket.Id;
            return Task.FromResult<CreateBucketOutcome>(new CreateBucketOutcome.DuplicateName());
        };
        Cues.BeforeVaultDelete = _ => throw new RequestFailedException(503, $"The vault is down ({Marker}).");

        var response = await PostJsonAsync(Tenant, "/bucket", ValidBody(secret: secret));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "duplicate_bucket_name");
        Assert.Equal("/name", problem["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.NotNull(bucketId);
        Assert.Contains(Factory.Logs.Lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains(bucketId.Value.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.All(Factory.Logs.Lines, l => Assert.DoesNotContain(secret, l, StringComparison.Ordinal));
        Assert.DoesNotContain(Marker, string.Join("\n", Factory.Logs.Lines), StringComparison.Ordinal);  // nor the vault's message
        Assert.Equal(new StoredState(BucketRows: 0, NameRows: 0, VaultEntries: 1, Counter: 0), await StoredAsync());
    }

    [Fact]
    public async Task A_cancelled_request_after_the_vault_write_still_commits_or_cleans_up()
    {
        // The client gives up while the table transaction runs: the commit must end in a consistent state either way —
        // bucket, name, counter and vault entry all stored, or none of them.
        using var client = new CancellationTokenSource();
        var serverToken = CancellationToken.None;
        var serverSawCancellation = false;
        Cues.BeforeVaultPut = (_, token) =>
        {
            serverToken = token;
            return Task.CompletedTask;
        };
        Cues.TryCreate = async (_, commit) =>
        {
            await client.CancelAsync();
            serverSawCancellation = await CancelledWithinAsync(serverToken, TimeSpan.FromSeconds(10));
            return await commit();
        };
        var correlationId = "cancel-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/bucket")
        {
            Content = new StringContent(ValidBody().ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-correlation-id", correlationId);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Tenant.SendAsync(request, client.Token));
        await RequestFinishedAsync(correlationId);

        Assert.True(serverSawCancellation, "The request's token was not cancelled when the client gave up.");
        var stored = await StoredAsync();
        Assert.True(stored == new StoredState(1, 1, 1, 1) || stored == StoredState.Empty, $"Inconsistent state after a cancelled create: {stored}");
    }

    [Fact]
    public async Task A_commit_whose_answer_is_lost_answers_success_and_keeps_the_credential()
    {
        Cues.TryCreate = async (_, commit) =>
        {
            await commit();
            throw new RequestFailedException(504, $"The table service timed out ({Marker}).");
        };

        var json = await AssertOkAsync(await PostJsonAsync(Tenant, "/bucket", ValidBody()));

        Assert.NotNull(json["bucketId"]);
        Assert.Equal(new StoredState(1, 1, 1, 1), await StoredAsync());
    }

    private static async Task<bool> CancelledWithinAsync(CancellationToken token, TimeSpan limit)
    {
        try
        {
            await Task.Delay(limit, token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Waits for the pipeline's last log line of the request (answered, cancelled or failed).</summary>
    private async Task RequestFinishedAsync(string correlationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Factory.Logs.Lines.Any(l => l.Contains("CreateBucket", StringComparison.Ordinal) && l.Contains(correlationId, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The cancelled request did not finish.");
            await Task.Delay(20);
        }
    }
}
