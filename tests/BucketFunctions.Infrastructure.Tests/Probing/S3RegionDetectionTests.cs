using BucketFunctions.Core.Probing;

namespace BucketFunctions.Infrastructure.Tests.Probing;

/// <summary>
/// S3 region detection against a fake S3 that behaves like AWS for a bucket in eu-west-1: a request signed for any other
/// region gets 301 <c>PermanentRedirect</c> with <c>x-amz-bucket-region: eu-west-1</c>; one signed for eu-west-1 is served.
/// </summary>
public sealed class S3RegionDetectionTests
{
    private const string Bucket = "my-backup-bucket-2024";
    private const string Key = "AKIAIOSFODNN7EXAMPLE";

    [Fact]
    public async Task Probe_detects_the_region_when_none_was_given_and_reports_it()
    {
        await using var fake = BucketInEuWest1();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.S3(fake.Endpoint, Bucket, Key, ProbeHarness.NewSecret(), region: null),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Equal("eu-west-1", result.ActualRegion);
        ProbeHarness.AssertChecks(result, failedAt: null);
        var requests = fake.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.StartsWith("HEAD ", requests[0], StringComparison.Ordinal);
        Assert.Contains("/us-east-1/s3/aws4_request", requests[0], StringComparison.Ordinal);
        Assert.StartsWith("GET ", requests[1], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/s3/aws4_request", requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_reports_region_mismatch_naming_the_real_region_when_a_wrong_one_was_given()
    {
        await using var fake = BucketInEuWest1();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.S3(fake.Endpoint, Bucket, Key, ProbeHarness.NewSecret(), "us-east-1"),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.RegionMismatch, result.Outcome);
        Assert.Equal("eu-west-1", result.ActualRegion);
        Assert.Contains("'eu-west-1', not 'us-east-1'", result.Message, StringComparison.Ordinal);
        ProbeHarness.AssertChecks(result, ProbeCheckNames.BucketExists);
        Assert.Single(fake.Requests); // a given region is not second-guessed
    }

    [Fact]
    public async Task Probe_verifies_in_the_given_region_without_locating_the_bucket()
    {
        await using var fake = BucketInEuWest1();
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.S3(fake.Endpoint, Bucket, Key, ProbeHarness.NewSecret(), "eu-west-1"),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Null(result.ActualRegion);
        Assert.StartsWith("GET ", Assert.Single(fake.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_reads_the_region_header_of_a_successful_head_bucket()
    {
        // MinIO-like: any signing region is served, and HeadBucket names the bucket's region.
        await using var fake = FakeS3.Answering(head => head.StartsWith("HEAD ", StringComparison.Ordinal)
            ? FakeS3.Response(200, string.Empty, ("x-amz-bucket-region", "ap-southeast-2"))
            : FakeS3.Response(200, Listing()));
        using var probe = ProbeHarness.Probe();

        var result = await probe.ProbeAsync(ProbeHarness.S3(fake.Endpoint, Bucket, Key, ProbeHarness.NewSecret(), region: null),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        Assert.Equal("ap-southeast-2", result.ActualRegion);
        Assert.Contains("/ap-southeast-2/s3/aws4_request", fake.Requests.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_addresses_a_virtual_hosted_endpoint_by_its_own_host()
    {
        await using var fake = FakeS3.Answer(200, Listing());
        var guard = new Infrastructure.Probing.EndpointGuard(ProbeHarness.Options(allowLoopbackHttp: true),
            (_, _) => Task.FromResult(new[] { System.Net.IPAddress.Loopback }), connect: null);
        using var probe = ProbeHarness.Probe(guard: guard);
        var endpoint = new Uri($"http://{Bucket}.s3.fake.invalid:{fake.Endpoint.Port}");

        var result = await probe.ProbeAsync(ProbeHarness.S3(endpoint, Bucket, Key, ProbeHarness.NewSecret(), "us-east-1"),
            CancellationToken.None);

        Assert.Equal(ProbeOutcome.Verified, result.Outcome);
        var request = Assert.Single(fake.Requests);
        Assert.Contains($"Host: {Bucket}.s3.fake.invalid:{fake.Endpoint.Port}", request, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("GET /?", request, StringComparison.Ordinal); // the bucket is in the host, not the path
    }

    private static FakeS3 BucketInEuWest1() => FakeS3.Answering(head =>
        head.Contains("/eu-west-1/s3/aws4_request", StringComparison.Ordinal)
            ? FakeS3.Response(200, Listing())
            : FakeS3.Response(301, head.StartsWith("HEAD ", StringComparison.Ordinal) ? string.Empty :
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PermanentRedirect</Code>" +
                "<Message>Use the right endpoint.</Message>" +
                $"<Endpoint>{Bucket}.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>{Bucket}</Bucket></Error>",
                ("x-amz-bucket-region", "eu-west-1")));

    private static string Listing() =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
        $"<Name>{Bucket}</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys>" +
        "<IsTruncated>false</IsTruncated></ListBucketResult>";
}
