using System.Security.Cryptography;
using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;
using BucketFunctions.Testing.Gcs;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// GCS: HMAC keys through the XML API (s3rver stands in for it, a fake S3 shows the signing region); service accounts
/// through the real Google.Cloud.Storage.V1 client against <see cref="FakeGcs"/>, which checks the JWT's RS256 signature.
/// </summary>
public sealed class GcsProviderTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>
{
    private const string Bucket = "analytics-exports";

    [Fact]
    public async Task Hmac_key_is_verified_through_the_xml_api()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(fixture.S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null);
        Assert.Null(result.ActualRegion);
    }

    [Fact]
    public async Task Hmac_key_with_an_unknown_access_id_is_rejected_and_a_missing_bucket_is_not_found()
    {
        using var probe = ProbeHarness.Probe();
        var secret = ProbeHarness.NewSecret();

        var unknown = await probe.ProbeAsync(
            ProbeHarness.Gcs(fixture.S3rver.Endpoint, S3rver.BucketName, "GOOG1EUNKNOWNACCESSID", secret), CancellationToken.None);
        var missing = await probe.ProbeAsync(
            ProbeHarness.Gcs(fixture.S3rver.Endpoint, "no-such-" + Guid.NewGuid().ToString("N")[..8], S3rver.AccessKey, S3rver.SecretKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, unknown.Outcome);
        ProbeHarness.AssertNoSecret(unknown, secret);
        Assert.Equal(ProbeOutcome.BucketNotFound, missing.Outcome);
    }

    [Fact]
    public async Task Hmac_key_signs_for_region_auto_whatever_region_was_given_and_writes_with_a_write_check()
    {
        using var probe = ProbeHarness.Probe();
        await using var fake = FakeS3.Answer(200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
            $"<Name>{Bucket}</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>");

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(fake.Endpoint, Bucket, "GOOG1EXAMPLE", ProbeHarness.NewSecret()) with { Region = "europe-west1" },
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        var request = Assert.Single(fake.Requests);
        Assert.Contains("/auto/s3/aws4_request", request, StringComparison.Ordinal);
        Assert.StartsWith($"GET /{Bucket}/?", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hmac_write_check_writes_and_deletes_through_the_xml_api()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(fixture.S3rver.Endpoint, S3rver.BucketName, S3rver.AccessKey, S3rver.SecretKey, checkWrite: true),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null, checkWrite: true);
    }

    [Fact]
    public async Task Service_account_with_list_permission_is_verified_through_a_signed_token()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] });
        var keyFile = gcs.KeyFile();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, keyFile), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null);
        Assert.Equal(1, gcs.TokenRequests);
        Assert.Empty(gcs.Rejections);
        Assert.Equal(Bucket, Assert.Single(gcs.BucketGets));
        Assert.Equal("storage.objects.list", Assert.Single(gcs.PermissionQueries));
        Assert.All(gcs.AcceptEncodings, e => Assert.Equal(string.Empty, e)); // the guarded handler undoes no compression
        Assert.Contains("storage.buckets.get is not granted", result.Checks.Single(c => c.Name == ProbeCheckNames.BucketExists).Detail,
            StringComparison.Ordinal);
        ProbeHarness.AssertNoSecret(result, keyFile);
        AssertNoPrivateKey(result, account.Key);
    }

    [Fact]
    public async Task Service_account_whose_key_file_holds_another_key_is_credentials_rejected()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] });
        using var otherKey = RSA.Create(2048);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, gcs.KeyFile(otherKey)), CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Authenticated);
        Assert.Equal("signature", Assert.Single(gcs.Rejections));
        Assert.Empty(gcs.PermissionQueries);
        AssertNoPrivateKey(result, otherKey);
    }

    [Fact]
    public async Task Service_account_without_list_permission_is_permission_denied_and_a_missing_bucket_not_found()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.buckets.get"] });
        using var probe = ProbeHarness.Probe();

        var denied = await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, gcs.KeyFile()), CancellationToken.None);
        var missing = await probe.ProbeAsync(
            ProbeHarness.Gcs(gcs.Endpoint, "other-bucket", account.Email, gcs.KeyFile()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.PermissionDenied, denied.Outcome);
        Assert.Contains("storage.objects.list", denied.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(denied, ProbeCheckNames.ListAllowed);
        Assert.Equal(ProbeOutcome.BucketNotFound, missing.Outcome);
        ProbeHarness.AssertChecks(missing, ProbeCheckNames.BucketExists);
    }

    [Fact]
    public async Task Service_account_whose_token_the_json_api_refuses_is_credentials_rejected()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var issuer = await FakeGcs.StartAsync(account, new Dictionary<string, string[]>());
        await using var api = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] });
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(api.Endpoint, Bucket, account.Email, issuer.KeyFile()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Authenticated);
        Assert.Contains("refused the service account's token (required, HTTP 401)", result.Message, StringComparison.Ordinal);
        Assert.Equal(Bucket, Assert.Single(api.BucketGets));
        Assert.Empty(api.PermissionQueries);
    }

    [Fact]
    public async Task Service_account_403_on_buckets_get_stands_only_when_the_permissions_do_not_show_list()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]>
        {
            [Bucket] = ["storage.buckets.get", "storage.objects.list"],
            ["no-rights-bucket"] = [],
        });
        using var probe = ProbeHarness.Probe();

        var seen = await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, gcs.KeyFile()), CancellationToken.None);
        var hidden = await probe.ProbeAsync(
            ProbeHarness.Gcs(gcs.Endpoint, "no-rights-bucket", account.Email, gcs.KeyFile()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, seen.Outcome);
        Assert.Equal("the bucket exists", seen.Checks.Single(c => c.Name == ProbeCheckNames.BucketExists).Detail);
        Assert.Equal(ProbeOutcome.PermissionDenied, hidden.Outcome);
        ProbeHarness.AssertChecks(hidden, ProbeCheckNames.BucketExists);
        Assert.Contains("may not see bucket 'no-rights-bucket' (forbidden, HTTP 403)", hidden.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "storage.objects.list", "storage.objects.list" }, gcs.PermissionQueries);
    }

    /// <summary>
    /// An answer larger than any a check reads is refused while it is read, whether its length is announced or not: here a
    /// bucket's metadata padded past 64 KiB, which without the cap would verify the credentials.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Service_account_check_refuses_an_oversized_answer(bool announced)
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]>());
        var padded = $"{{\"kind\":\"storage#bucket\",\"name\":\"{Bucket}\",\"labels\":{{\"pad\":\"{new string('x', 200 * 1024)}\"}}}}";
        var oversized = announced
            ? FakeS3.Response(200, padded)
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{padded}";
        await using var api = FakeS3.Answering(head => head.Contains("/iam/testPermissions", StringComparison.Ordinal)
            ? FakeS3.Response(200, "{\"kind\":\"storage#testIamPermissionsResponse\",\"permissions\":[\"storage.objects.list\"]}")
            : oversized);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Gcs(api.Endpoint, Bucket, account.Email, gcs.KeyFile()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
        Assert.Single(api.Requests);
    }

    /// <summary>The client reports an answer it cannot parse as an error without a status: an answer not understood.</summary>
    [Theory]
    [InlineData("<?xml version=\"1.0\"?><Unrelated />")]
    [InlineData("{\"kind\":\"something#else\"}")]
    public async Task Service_account_check_calls_an_answer_in_another_format_not_the_gcs_json_api(string body)
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]>());
        await using var api = FakeS3.Answer(200, body);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Gcs(api.Endpoint, Bucket, account.Email, gcs.KeyFile()), CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Equal("The provider did not answer like the GCS JSON API.", result.Message);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
    }

    /// <summary>buckets.get drops the token it is given; the check still stops when the caller gives up, long before its bound.</summary>
    [Fact]
    public async Task Service_account_check_stops_when_the_caller_cancels_while_buckets_get_hangs()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]>());
        using var silent = new BucketFunctions.Testing.Network.LoopbackListener();
        using var probe = ProbeHarness.Probe(timeoutSeconds: 30);
        using var caller = new CancellationTokenSource();
        var check = probe.ProbeAsync(ProbeHarness.Gcs(silent.Endpoint, Bucket, account.Email, gcs.KeyFile()), caller.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (silent.Accepted == 0 && !check.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(silent.Accepted > 0, "buckets.get never reached the API");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // the bound and its backstop are 30 s and more
        Assert.Equal(1, gcs.TokenRequests);
    }

    [Theory]
    [InlineData(new[] { "storage.objects.list", "storage.objects.create", "storage.objects.delete" }, null)]
    [InlineData(new[] { "storage.objects.list", "storage.objects.create" }, ProbeCheckNames.DeleteAllowed)]
    [InlineData(new[] { "storage.objects.list" }, ProbeCheckNames.WriteAllowed)]
    public async Task Service_account_write_check_asks_for_create_and_delete(string[] held, string? failedAt)
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = held });
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, gcs.KeyFile(), checkWrite: true),
            CancellationToken.None);

        Assert.Equal(failedAt is null ? ProbeOutcome.Verified : ProbeOutcome.PermissionDenied, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt, checkWrite: true);
        Assert.Contains("storage.objects.delete", Assert.Single(gcs.PermissionQueries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_account_key_that_does_not_match_the_key_field_is_refused_without_a_token_request()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] });
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Gcs(gcs.Endpoint, Bucket, "someone-else@demo-project.iam.gserviceaccount.com", gcs.KeyFile()),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        Assert.Equal(0, gcs.TokenRequests);
    }

    [Fact]
    public async Task Service_account_token_uri_goes_through_the_endpoint_guard()
    {
        var account = FakeGcs.ServiceAccount.Create();
        await using var gcs = await FakeGcs.StartAsync(account, new Dictionary<string, string[]> { [Bucket] = ["storage.objects.list"] });
        var keyFile = gcs.KeyFile().Replace(gcs.TokenUri.AbsoluteUri, "http://169.254.169.254/token", StringComparison.Ordinal);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Gcs(gcs.Endpoint, Bucket, account.Email, keyFile), CancellationToken.None);

        Assert.Equal(ProbeOutcome.EndpointNotAllowed, result.Outcome);
        Assert.Equal(0, gcs.TokenRequests);
    }

    private static void AssertNoPrivateKey(ProbeResult result, RSA key)
    {
        var body = key.ExportPkcs8PrivateKeyPem().Split('\n')[1];
        Assert.DoesNotContain(body, result.ToString(), StringComparison.Ordinal);
        Assert.All(result.Checks, c => Assert.DoesNotContain(body, c.Detail, StringComparison.Ordinal));
    }
}
