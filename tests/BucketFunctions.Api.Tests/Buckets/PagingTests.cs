using System.Net;
using BucketFunctions.Api.Tests.Support;

namespace BucketFunctions.Api.Tests.Buckets;

/// <summary>Paging through many buckets while more are being created: nothing listed twice, nothing that existed missed.</summary>
public sealed class PagingTests : ApiTestBase
{
    [Fact]
    public async Task Listing_250_buckets_in_pages_of_100_while_20_more_are_created_misses_and_repeats_none()
    {
        var org = "org-paging-" + Guid.NewGuid().ToString("N")[..6];
        await CreateOrganizationAsync(org, bucketLimit: 300);
        using var tenant = await TenantClientAsync(org, ["*"], ["listBuckets", "writeBuckets"]);
        var original = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 250), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            original.Add((await CreateBucketAsync(tenant))["id"]!.GetValue<string>()));

        var creating = Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CreateBucketAsync(tenant)));
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var path = "/bucket?pageSize=100" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await AssertOkAsync(await tenant.GetAsync(path));
            seen.AddRange(page["buckets"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()));
            token = page["continuationToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        await creating;
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(original.Except(seen));
        Assert.InRange(seen.Count, 250, 270);
        Assert.InRange(pages, 3, 4);
        Assert.Equal(new StoredState(270, 270, 270, 270), await StoredAsync(org));
        Assert.Equal(HttpStatusCode.BadRequest, (await tenant.GetAsync("/bucket?continuationToken=" + Uri.EscapeDataString("AAAA.BBBB"))).StatusCode);
    }
}
