using System.Collections.Concurrent;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Short-lived caches of rosters and cycles so that a survey submission costs exactly one store
/// write. It only reads: whoever changes a roster or cycle calls <see cref="Forget"/>, so the change
/// is seen at once on this instance; on another instance within <see cref="RosterTtl"/>, a cycle
/// close within <see cref="CycleTtl"/>.
/// </summary>
public sealed class RosterCycleCache(ISurveyStore store, TimeProvider time)
{
    public static readonly TimeSpan RosterTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan CycleTtl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<Roster?> Value)> _rosters = new();
    private readonly ConcurrentDictionary<(string, string), (DateTimeOffset At, Task<Cycle?> Value)> _cycles = new();

    /// <summary>The roster, from the cache while it is fresh (then without allocating), otherwise from the store.</summary>
    public ValueTask<Roster?> RosterAsync(string orgId, CancellationToken ct) =>
        Cached(_rosters, orgId, RosterTtl, static (store, orgId, ct) => store.GetRosterAsync(orgId, ct), ct);

    /// <summary>The cycle, from the cache while it is fresh (then without allocating), otherwise from the store.</summary>
    public ValueTask<Cycle?> CycleAsync(string orgId, string cycleId, CancellationToken ct) =>
        Cached(_cycles, (orgId, cycleId), CycleTtl, static (store, key, ct) => store.GetCycleAsync(key.Item1, key.Item2, ct), ct);

    /// <summary>Drops the cached roster (and the cycle, when named) after a change.</summary>
    public void Forget(string orgId, string? cycleId = null)
    {
        _rosters.TryRemove(orgId, out _);
        if (cycleId is not null)
        {
            _cycles.TryRemove((orgId, cycleId), out _);
        }
    }

    /// <summary>
    /// The cached value while its entry is fresh, sharing a load in progress; otherwise a new load
    /// (a static loader: a cache hit allocates nothing). A failed load is not kept.
    /// </summary>
    private async ValueTask<T?> Cached<TKey, T>(
        ConcurrentDictionary<TKey, (DateTimeOffset At, Task<T?> Value)> cache, TKey key, TimeSpan ttl,
        Func<ISurveyStore, TKey, CancellationToken, Task<T?>> load, CancellationToken ct)
        where TKey : notnull
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var entry) && now - entry.At < ttl)
        {
            try
            {
                return await entry.Value;
            }
            catch
            {
                // A failed load is not cached: fall through and load again.
                cache.TryRemove(new KeyValuePair<TKey, (DateTimeOffset, Task<T?>)>(key, entry));
            }
        }

        var task = load(store, key, ct);
        cache[key] = (now, task);
        try
        {
            return await task;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, (DateTimeOffset, Task<T?>)>(key, (now, task)));
            throw;
        }
    }
}
