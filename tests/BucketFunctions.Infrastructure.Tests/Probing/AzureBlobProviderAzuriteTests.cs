using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// The Azure Blob provider against Azurite's Blob service, which checks Shared Key and SAS signatures and SAS permissions
/// for real. Each test makes its own container.
/// </summary>
public sealed class AzureBlobProviderAzuriteTests(AzuriteFixture fixture) : IClassFixture<AzuriteFixture>
{
    private Azurite Azurite => fixture.Azurite;

    [Fact]
    public async Task Right_account_key_is_verified()
    {
        var container = await CreateContainerAsync();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, Azurite.AccountKey), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null);
        ProbeHarness.AssertNoSecret(result, Azurite.AccountKey);
    }

    [Fact]
    public async Task Wrong_account_key_is_credentials_rejected()
    {
        var container = await CreateContainerAsync();
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, wrongKey), CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Authenticated);
        ProbeHarness.AssertNoSecret(result, wrongKey);
    }

    [Fact]
    public async Task Missing_container_is_bucket_not_found()
    {
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(
                Azurite.BlobEndpoint, "missing-" + Guid.NewGuid().ToString("N")[..12], Azurite.AccountName, Azurite.AccountKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.BucketNotFound, result.Outcome);
        Assert.Contains("ContainerNotFound", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.BucketExists);
    }

    public static TheoryData<string, string, bool, bool> SasCases => new()
    {
        // kind, permissions, reversed parameter order, leading '?'
        { "service", "rl", false, false },
        { "service", "rl", true, true },
        { "service", "r", false, true },
        { "service", "r", true, false },
        { "account", "rl", false, false },
        { "account", "rl", true, true },
        { "account", "r", false, true },
        { "account", "r", true, false },
    };

    [Theory]
    [MemberData(nameof(SasCases))]
    public async Task Sas_with_list_permission_is_verified_and_without_it_is_permission_denied(
        string kind, string permissions, bool reversed, bool leadingQuestionMark)
    {
        var container = await CreateContainerAsync();
        var parameters = kind == "service"
            ? AzureBlobSas.Service(container, permissions, DateTimeOffset.UtcNow.AddHours(1))
            : AzureBlobSas.Account(permissions, DateTimeOffset.UtcNow.AddHours(1));
        if (reversed)
        {
            parameters.Reverse(); // sig first, sv last
        }

        var token = AzureBlobSas.Token(parameters, leadingQuestionMark);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, token), CancellationToken.None);

        if (permissions.Contains('l', StringComparison.Ordinal))
        {
            Assert.Equal(ProbeOutcome.Verified, result.Outcome);
            ProbeHarness.AssertChecks(result, failedAt: null);
        }
        else
        {
            Assert.Equal(ProbeOutcome.PermissionDenied, result.Outcome);
            Assert.Contains("AuthorizationPermissionMismatch", result.Message, StringComparison.Ordinal);
            ProbeHarness.AssertChecks(result, ProbeCheckNames.ListAllowed);
        }

        ProbeHarness.AssertNoSecret(result, token);
    }

    [Fact]
    public async Task Service_sas_for_another_container_is_refused()
    {
        var container = await CreateContainerAsync();
        var other = await CreateContainerAsync();
        var token = AzureBlobSas.Token(AzureBlobSas.Service(other, "rl", DateTimeOffset.UtcNow.AddHours(1)));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, token), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Outcome, new[] { ProbeOutcome.CredentialsRejected, ProbeOutcome.PermissionDenied });
    }

    [Fact]
    public async Task Expired_sas_is_refused_before_any_call()
    {
        using var listener = new CountingListener();
        var endpoint = new Uri($"http://127.0.0.1:{listener.Port}/{Azurite.AccountName}");
        var expired = AzureBlobSas.Token(AzureBlobSas.Service("archive", "rl", DateTimeOffset.UtcNow.AddMinutes(-1)));
        var valid = AzureBlobSas.Token(AzureBlobSas.Service("archive", "rl", DateTimeOffset.UtcNow.AddHours(1)));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.Azure(endpoint, "archive", Azurite.AccountName, expired), CancellationToken.None);

        Assert.Equal(ProbeOutcome.CredentialsRejected, result.Outcome);
        Assert.Contains("expired", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Authenticated);
        Assert.Equal(0, listener.Accepted);

        // The same call with a live token does reach the listener: the count above could have moved.
        await probe.ProbeAsync(ProbeHarness.Azure(endpoint, "archive", Azurite.AccountName, valid), CancellationToken.None);
        Assert.True(listener.Accepted > 0);
    }

    [Fact]
    public async Task Write_check_writes_and_deletes_the_probe_blob()
    {
        var container = await CreateContainerAsync();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, Azurite.AccountKey, checkWrite: true),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null, checkWrite: true);
        var written = result.Checks.Single(c => c.Name == ProbeCheckNames.WriteAllowed).Detail;
        Assert.Contains(ProbeObject.Prefix, written, StringComparison.Ordinal);
        Assert.DoesNotContain(ProbeObject.Prefix, await ListBlobsAsync(container), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_check_with_a_read_and_list_sas_fails_at_write()
    {
        var container = await CreateContainerAsync();
        var token = AzureBlobSas.Token(AzureBlobSas.Service(container, "rl", DateTimeOffset.UtcNow.AddHours(1)));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, token, checkWrite: true), CancellationToken.None);

        Assert.Equal(ProbeOutcome.PermissionDenied, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.WriteAllowed, checkWrite: true);
        Assert.DoesNotContain(ProbeObject.Prefix, await ListBlobsAsync(container), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_check_with_an_account_sas_that_may_write_and_delete_is_verified()
    {
        var container = await CreateContainerAsync();
        var token = AzureBlobSas.Token(AzureBlobSas.Account("rwdl", DateTimeOffset.UtcNow.AddHours(1)), leadingQuestionMark: true);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, token, checkWrite: true), CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt: null, checkWrite: true);
        Assert.DoesNotContain(ProbeObject.Prefix, await ListBlobsAsync(container), StringComparison.Ordinal);
        ProbeHarness.AssertNoSecret(result, token);
    }

    [Fact]
    public async Task Write_check_with_a_sas_that_cannot_delete_fails_at_delete_and_reports_the_blob_left_behind()
    {
        var container = await CreateContainerAsync();
        var token = AzureBlobSas.Token(AzureBlobSas.Service(container, "rwl", DateTimeOffset.UtcNow.AddHours(1)));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(Azurite.BlobEndpoint, container, Azurite.AccountName, token, checkWrite: true), CancellationToken.None);

        Assert.Equal(ProbeOutcome.PermissionDenied, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.DeleteAllowed, checkWrite: true);
        Assert.Contains("AuthorizationPermissionMismatch", result.Message, StringComparison.Ordinal);
        var written = result.Checks.Single(c => c.Name == ProbeCheckNames.WriteAllowed).Detail;
        var left = result.Checks.Single(c => c.Name == ProbeCheckNames.DeleteAllowed).Detail;
        Assert.Contains("was left in the container", left, StringComparison.Ordinal);
        var name = written[(written.IndexOf('\'', StringComparison.Ordinal) + 1)..^1];
        Assert.Contains(name, left, StringComparison.Ordinal);
        Assert.Contains(name, await ListBlobsAsync(container), StringComparison.Ordinal);
    }

    private async Task<string> CreateContainerAsync() => await Azurite.CreateContainerAsync();

    private async Task<string> ListBlobsAsync(string container) => await Azurite.ListBlobsAsync(container);
}
