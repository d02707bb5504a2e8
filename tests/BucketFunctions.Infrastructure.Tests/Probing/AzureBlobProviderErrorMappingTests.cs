using BucketFunctions.Core.Probing;
using BucketFunctions.Testing.Emulators;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// How the probe reads the Blob service's answers that Azurite cannot give: a fake Blob service on loopback answers each
/// call (container properties, listing, upload, delete) with a canned response, which the real Azure.Storage.Blobs client
/// parses. Error documents echo the secret, as a hostile endpoint could: it must never reach the result.
/// </summary>
public sealed class AzureBlobProviderErrorMappingTests
{
    private const string Container = "archive";

    private static readonly string Listing = FakeS3.Response(200,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1/\" " +
        $"ContainerName=\"{Container}\"><MaxResults>1</MaxResults><Blobs /><NextMarker /></EnumerationResults>");

    public static TheoryData<string, bool, string, ProbeOutcome, string> Cases => new()
    {
        // call that fails, SAS?, its error code (status from the code), outcome, failed check
        { "properties", false, "403 KeyBasedAuthenticationNotPermitted", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated },
        { "properties", false, "403 AuthenticationFailed", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated },
        { "properties", true, "403 AuthenticationFailed", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated },
        { "properties", false, "403 AuthorizationFailure", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated },
        { "properties", false, "403 AuthorizationSourceIPMismatch", ProbeOutcome.PermissionDenied, ProbeCheckNames.BucketExists },
        { "properties", false, "401 -", ProbeOutcome.CredentialsRejected, ProbeCheckNames.Authenticated },
        { "properties", false, "404 ContainerNotFound", ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists },
        { "properties", false, "404 ResourceNotFound", ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists },
        { "properties", false, "400 InvalidResourceName", ProbeOutcome.BucketNotFound, ProbeCheckNames.BucketExists },
        { "properties", false, "503 ServerBusy", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable },
        { "properties", false, "409 ContainerBeingDeleted", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable },
        { "list", true, "403 AuthorizationFailure", ProbeOutcome.PermissionDenied, ProbeCheckNames.ListAllowed },
        { "list", true, "403 AuthorizationResourceTypeMismatch", ProbeOutcome.PermissionDenied, ProbeCheckNames.ListAllowed },
        { "list", false, "500 InternalError", ProbeOutcome.ProviderUnavailable, ProbeCheckNames.Reachable },
        { "upload", false, "403 AuthorizationPermissionMismatch", ProbeOutcome.PermissionDenied, ProbeCheckNames.WriteAllowed },
        { "upload", true, "403 AuthorizationFailure", ProbeOutcome.PermissionDenied, ProbeCheckNames.WriteAllowed },
        { "delete", false, "403 AuthorizationPermissionMismatch", ProbeOutcome.PermissionDenied, ProbeCheckNames.DeleteAllowed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Error_answers_are_classified_by_code_then_status(
        string failingCall, bool sas, string error, ProbeOutcome outcome, string failedAt)
    {
        var status = int.Parse(error[..3], System.Globalization.CultureInfo.InvariantCulture);
        var code = error[4..] == "-" ? null : error[4..];
        var secret = sas ? Sas() : Azurite.AccountKey;

        // A SAS that may not read the container's properties goes on to the listing, so its properties call is refused too.
        await using var fake = FakeS3.Answering(head => Call(head) == failingCall
            ? ErrorAnswer(status, code, secret)
            : Call(head) == "properties" && sas && failingCall != "properties"
                ? ErrorAnswer(403, "AuthorizationPermissionMismatch", secret)
                : Success(head));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(new Uri(fake.Endpoint, "/" + Azurite.AccountName), Container, Azurite.AccountName, secret,
                checkWrite: failingCall is "upload" or "delete"),
            CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        ProbeHarness.AssertChecks(result, failedAt, checkWrite: failingCall is "upload" or "delete");
        Assert.Contains(code is null ? $"HTTP {status}" : $"{code}, HTTP {status}", result.Message, StringComparison.Ordinal);
        Assert.Contains(fake.Requests, r => Call(r) == failingCall);
        ProbeHarness.AssertNoSecret(result, secret);
        ProbeHarness.AssertNoSecret(result, "echoed-" + secret[..12]);
        if (failingCall == "delete")
        {
            Assert.Contains("was left in the container", result.Checks.Single(c => c.Name == failedAt).Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_call_carries_the_credential_the_sdk_was_given(bool sas)
    {
        var secret = sas ? Sas() : Azurite.AccountKey;
        await using var fake = FakeS3.Answering(Success);
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(new Uri(fake.Endpoint, "/" + Azurite.AccountName), Container, Azurite.AccountName, secret, checkWrite: true),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Equal(["properties", "list", "upload", "delete"], fake.Requests.Select(Call));
        Assert.All(fake.Requests, head =>
        {
            if (sas)
            {
                Assert.Contains("sig=", head.Split('\n')[0], StringComparison.Ordinal);
                Assert.DoesNotContain("Authorization:", head, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                Assert.Contains($"Authorization: SharedKey {Azurite.AccountName}:", head, StringComparison.OrdinalIgnoreCase);
            }
        });
        Assert.Contains($"/{Azurite.AccountName}/{Container}?restype=container&comp=list&maxresults=1",
            fake.Requests.Single(r => Call(r) == "list"), StringComparison.Ordinal);
        Assert.Contains("x-ms-blob-type: BlockBlob", fake.Requests.Single(r => Call(r) == "upload"), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// An answer larger than any a check reads is refused while it is read, whether its length is announced or not: here a
    /// valid listing padded past 64 KiB, which without the cap would verify the credentials.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_answer_is_provider_unavailable(bool announced)
    {
        var padded = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ContainerName=\"archive\">" +
            $"<MaxResults>1</MaxResults><!--{new string('x', 200 * 1024)}--><Blobs /><NextMarker /></EnumerationResults>";
        var oversized = announced
            ? FakeS3.Response(200, padded)
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n{padded}";
        await using var fake = FakeS3.Answering(head => Call(head) == "list" ? oversized : Success(head));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(new Uri(fake.Endpoint, "/" + Azurite.AccountName), Container, Azurite.AccountName, Azurite.AccountKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
        Assert.Contains(fake.Requests, r => Call(r) == "list");
    }

    /// <summary>Answers the SDK cannot read at all (it throws XML, JSON or null-reference errors, not a RequestFailedException).</summary>
    [Theory]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\n", "not xml at all")]
    [InlineData("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nx-ms-error-code: AuthenticationFailed\r\n", "{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n", "<?xml version=\"1.0\"?><Unrelated />")]
    public async Task An_answer_the_sdk_cannot_read_is_provider_unavailable(string head, string body)
    {
        var answer = $"{head}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await using var fake = FakeS3.Answering(request => Call(request) == "list" ? answer : Success(request));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(
            ProbeHarness.Azure(new Uri(fake.Endpoint, "/" + Azurite.AccountName), Container, Azurite.AccountName, Azurite.AccountKey),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.ProviderUnavailable, result.Outcome);
        Assert.Equal("The provider did not answer like Azure Blob Storage.", result.Message);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.Reachable);
    }

    private static string Sas() => AzureBlobSas.Token(AzureBlobSas.Service(Container, "rwdl", DateTimeOffset.UtcNow.AddHours(1)));

    /// <summary>Which Blob call a request head is.</summary>
    private static string Call(string head)
    {
        var line = head.Split('\r', '\n')[0];
        return line.StartsWith("PUT ", StringComparison.Ordinal) ? "upload"
            : line.StartsWith("DELETE ", StringComparison.Ordinal) ? "delete"
            : line.Contains("comp=list", StringComparison.Ordinal) ? "list"
            : "properties";
    }

    private static string Success(string head) => Call(head) switch
    {
        "list" => Listing,
        "upload" => FakeS3.Response(201, string.Empty),
        "delete" => FakeS3.Response(202, string.Empty),
        _ => FakeS3.Response(200, string.Empty),
    };

    private static string ErrorAnswer(int status, string? code, string secret) => FakeS3.Response(status,
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error>{(code is null ? string.Empty : $"<Code>{code}</Code>")}" +
        $"<Message>{System.Security.SecurityElement.Escape($"echoed-{secret[..12]} {secret}")}</Message></Error>",
        code is null ? [] : [("x-ms-error-code", code)]);
}
