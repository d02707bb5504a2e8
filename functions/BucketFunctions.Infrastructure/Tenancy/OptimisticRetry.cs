using BucketFunctions.Core.Buckets;

namespace BucketFunctions.Infrastructure.Tenancy;

/// <summary>
/// The pause between attempts of an optimistic write that lost a race (409/412): jittered so contenders spread out,
/// growing with the attempt, and bounded — after <c>maxAttempts</c> the caller gets <see cref="StoreContentionException"/>.
/// </summary>
internal static class OptimisticRetry
{
    public static Task BackOffAsync(int attempt, int maxAttempts, CancellationToken cancellationToken)
    {
        if (attempt >= maxAttempts)
        {
            throw new StoreContentionException(attempt);
        }

        return Task.Delay(Random.Shared.Next(5, 20) * Math.Min(attempt, 8), cancellationToken);
    }
}
