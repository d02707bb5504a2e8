using BucketFunctions.Infrastructure.Tenancy;

namespace BucketFunctions.Infrastructure.Tests.Tenancy;

public sealed class BoundedCacheTests
{
    [Fact]
    public void A_full_cache_starts_over_so_it_never_holds_more_than_its_capacity()
    {
        var cache = new BoundedCache<int, string>(3);
        for (var i = 0; i < 3; i++)
        {
            cache.Set(i, $"v{i}");
        }

        cache.Set(1, "replaced"); // a key already held does not count as new
        Assert.True(cache.TryGet(0, out _));

        cache.Set(3, "v3");

        Assert.False(cache.TryGet(0, out _));
        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(3, out var kept));
        Assert.Equal("v3", kept);
    }
}
