using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Credentials;
using BucketFunctions.Core.Probing;

namespace BucketFunctions.Core.Tests.Probing;

public sealed class ProbeReportTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static ProbeRequest Request(bool checkWrite = false) =>
        new(StorageType.S3, "bucket", null, null, new StorageCredential("AKIAIOSFODNN7EXAMPLE", new SecretString(Secret)), checkWrite);

    [Fact]
    public void Verified_lists_every_check_in_order_all_passed()
    {
        var result = ProbeReport.Verified(Request(), "ok", TimeSpan.FromMilliseconds(5), "eu-west-1");

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Equal(
            ["endpoint_allowed", "reachable", "authenticated", "bucket_exists", "list_allowed"], result.Checks.Select(c => c.Name));
        Assert.All(result.Checks, c => Assert.True(c.Passed));
        Assert.Equal("eu-west-1", result.ActualRegion);
    }

    [Fact]
    public void A_write_check_adds_write_and_delete()
    {
        var result = ProbeReport.Verified(Request(checkWrite: true), "ok", TimeSpan.Zero);

        Assert.Equal(7, result.Checks.Count);
        Assert.Equal(["write_allowed", "delete_allowed"], result.Checks.Skip(5).Select(c => c.Name));
    }

    [Theory]
    [InlineData(ProbeCheckNames.EndpointAllowed, 0)]
    [InlineData(ProbeCheckNames.Authenticated, 2)]
    [InlineData(ProbeCheckNames.ListAllowed, 4)]
    [InlineData(ProbeCheckNames.WriteAllowed, 5)]
    public void Failed_passes_the_checks_before_fails_one_and_skips_the_rest(string failedAt, int index)
    {
        var result = ProbeReport.Failed(Request(checkWrite: true), ProbeOutcome.PermissionDenied, "no", TimeSpan.Zero, failedAt, "denied");

        for (var i = 0; i < result.Checks.Count; i++)
        {
            Assert.Equal(i < index ? true : i == index ? false : null, result.Checks[i].Passed);
        }

        Assert.Equal("denied", result.Checks[index].Detail);
        Assert.All(result.Checks.Skip(index + 1), c => Assert.Equal(ProbeReport.SkippedDetail, c.Detail));
    }

    [Fact]
    public void Failed_refuses_a_write_step_for_a_read_only_request_and_a_verified_outcome()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ProbeReport.Failed(Request(), ProbeOutcome.PermissionDenied, "no", TimeSpan.Zero, ProbeCheckNames.WriteAllowed, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ProbeReport.Failed(Request(), ProbeOutcome.Verified, "no", TimeSpan.Zero, ProbeCheckNames.Reachable, "x"));
    }

    [Fact]
    public void Message_and_details_are_redacted_even_for_each_line_of_a_multi_line_secret()
    {
        const string json = "{\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\"\n}";
        var request = Request() with { Credential = new StorageCredential("svc@x.iam", new SecretString(json)) };

        var result = ProbeReport.Failed(request, ProbeOutcome.ProviderUnavailable, $"echo {json}", TimeSpan.Zero,
            ProbeCheckNames.Reachable, "line: \"private_key\": \"-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\"");

        Assert.DoesNotContain("MIIEvQIBADANBgkq", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQIBADANBgkq", result.Checks[1].Detail, StringComparison.Ordinal);
        Assert.Contains(SecretString.Placeholder, result.Checks[1].Detail, StringComparison.Ordinal);
    }
}
