namespace BucketFunctions.Infrastructure.Tests.Support;

/// <summary>A clock stopped at one instant, to write entries that look as old as a test needs.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
