using System.Collections.Concurrent;

namespace BucketFunctions.Infrastructure.Tenancy;

/// <summary>
/// A small in-process map that forgets everything when it reaches its capacity, so its memory is bounded by the number
/// of keys in use at once (organizations, workspaces), never by the number of buckets. Callers store only what is safe
/// to serve stale or to lose: a value that was right once and is re-checked where it matters.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> entries = new();

    public bool TryGet(TKey key, out TValue value) => entries.TryGetValue(key, out value!);

    public void Set(TKey key, TValue value)
    {
        // Clear-when-full rather than LRU: a miss only costs the read the cache saved, and clearing needs no bookkeeping.
        // ContainsKey first: Count takes every lock of the dictionary, and most calls update a key already there.
        if (!entries.ContainsKey(key) && entries.Count >= capacity)
        {
            entries.Clear();
        }

        entries[key] = value;
    }

    /// <summary>The value kept for <paramref name="key"/>, or a new one from <paramref name="create"/> kept from now on.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (entries.TryGetValue(key, out var value))
        {
            return value;
        }

        if (entries.Count >= capacity)
        {
            entries.Clear();
        }

        return entries.GetOrAdd(key, create);
    }

    public void Remove(TKey key) => entries.TryRemove(key, out _);
}
