using System.Runtime.CompilerServices;
using BucketFunctions.Core.Buckets;
using BucketFunctions.Core.Organizations;

namespace BucketFunctions.Core.Monitoring;

/// <summary>
/// Every registered bucket, one organization after another in turn: the first bucket of each open organization, then
/// the second of each, and so on. At most <see cref="OpenOrganizations"/> organizations are open at once, each holding
/// one page of its buckets, so memory stays flat however many buckets there are; an organization that runs out is
/// replaced by the next one listed.
/// </summary>
public static class RoundRobinBuckets
{
    public const int OpenOrganizations = 64;

    public const int PageSize = 50;

    public static async IAsyncEnumerable<Bucket> EnumerateAsync(
        IOrganizationStore organizations, IBucketStore buckets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        ArgumentNullException.ThrowIfNull(buckets);
        await using var listed = organizations.ListIdsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var open = new List<Cursor>(OpenOrganizations);
        var moreOrganizations = true;
        while (true)
        {
            while (moreOrganizations && open.Count < OpenOrganizations)
            {
                if (await listed.MoveNextAsync().ConfigureAwait(false))
                {
                    open.Add(new Cursor(listed.Current));
                }
                else
                {
                    moreOrganizations = false;
                }
            }

            if (open.Count == 0)
            {
                yield break;
            }

            for (var i = 0; i < open.Count;)
            {
                var cursor = open[i];
                if (cursor.Buffered.Count == 0 && !cursor.Exhausted)
                {
                    var page = await buckets.ListAsync(
                        cursor.OrganizationId, new BucketListQuery(null, PageSize, cursor.Continuation), cancellationToken).ConfigureAwait(false);
                    foreach (var bucket in page.Buckets)
                    {
                        cursor.Buffered.Enqueue(bucket);
                    }

                    cursor.Continuation = page.ContinuationToken;
                    cursor.Exhausted = page.ContinuationToken is null;
                }

                if (cursor.Buffered.Count == 0)
                {
                    open.RemoveAt(i);
                    continue;
                }

                yield return cursor.Buffered.Dequeue();
                i++;
            }
        }
    }

    private sealed class Cursor(string organizationId)
    {
        public string OrganizationId { get; } = organizationId;

        public Queue<Bucket> Buffered { get; } = new(PageSize);

        public string? Continuation { get; set; }

        public bool Exhausted { get; set; }
    }
}
