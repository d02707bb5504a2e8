using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Monitoring;

namespace BucketFunctions.Core.Tests.Monitoring;

public sealed class StatsDayAndNodeStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-02", "2026-12-02")]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("2026-12-02T00:00:00.000Z", "2026-12-02")]           // a JavaScript Date, as Flashback's client sends it
    [InlineData("2026-12-02T01:30:00+02:00", "2026-12-01")]          // its UTC date counts
    public void A_date_or_a_timestamp_gives_its_UTC_day(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), StatsDay.Parse(text, Now).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30")]
    [InlineData("2026-12-03")]                    // tomorrow
    [InlineData("2026-12-03T00:00:00Z")]
    [InlineData("2026-12-02T23:30:00-02:00")]     // still 2 December there, 3 December in UTC
    [InlineData("12/02/2026")]
    public void A_missing_malformed_or_future_day_is_refused_naming_day(string? text)
    {
        var result = StatsDay.Parse(text, Now);
        Assert.False(result.Succeeded);
        Assert.Equal(StatsDay.Field, Assert.Single(result.Failure!.Errors!).Field);
    }

    [Theory]
    [InlineData(BucketStatus.Online, 0, NodeStatus.Online)]
    [InlineData(BucketStatus.Forbidden, 0, NodeStatus.Offline)]
    [InlineData(BucketStatus.Unreachable, 29, NodeStatus.Offline)]
    [InlineData(BucketStatus.Online, 30, NodeStatus.Online)]        // exactly two intervals: not yet
    [InlineData(BucketStatus.Online, 31, NodeStatus.Disconnected)]
    [InlineData(BucketStatus.Unauthorized, 31, NodeStatus.Disconnected)]
    public void A_region_is_DISCONNECTED_once_its_last_check_is_older_than_two_intervals(BucketStatus found, int minutesAgo, NodeStatus expected)
    {
        var check = new BucketCheck("org", Guid.NewGuid(), "r", "1", "h", found, 5, Now.AddMinutes(-minutesAgo));
        Assert.Equal(expected, NodeStatuses.Of(check, Now, TimeSpan.FromMinutes(15)));
    }
}
