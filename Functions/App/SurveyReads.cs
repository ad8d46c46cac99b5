using System.Collections.Concurrent;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Short-lived caches of rosters and cycles so that a survey submission costs exactly one store
/// write. A roster change made through this instance is seen at once; one made through another
/// instance within <see cref="RosterTtl"/>; a cycle close within <see cref="CycleTtl"/>.
/// </summary>
public sealed class SurveyReads(ISurveyStore store, TimeProvider time, RespondentRateLimiter rateLimiter)
{
    public static readonly TimeSpan RosterTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan CycleTtl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<Roster?> Value)> _rosters = new();
    private readonly ConcurrentDictionary<(string, string), (DateTimeOffset At, Task<Cycle?> Value)> _cycles = new();

    public ISurveyStore Store => store;

    public RespondentRateLimiter RateLimiter => rateLimiter;

    /// <summary>The roster, from the cache while it is fresh (completing synchronously), otherwise from the store.</summary>
    public ValueTask<Roster?> RosterAsync(string orgId, CancellationToken ct) =>
        TryFresh(_rosters, orgId, RosterTtl, out var roster)
            ? new(roster)
            : new(Cached(_rosters, orgId, RosterTtl, () => store.GetRosterAsync(orgId, ct)));

    /// <summary>The cycle, from the cache while it is fresh (completing synchronously), otherwise from the store.</summary>
    public ValueTask<Cycle?> CycleAsync(string orgId, string cycleId, CancellationToken ct) =>
        TryFresh(_cycles, (orgId, cycleId), CycleTtl, out var cycle)
            ? new(cycle)
            : new(Cached(_cycles, (orgId, cycleId), CycleTtl, () => store.GetCycleAsync(orgId, cycleId, ct)));

    public void Forget(string orgId, string? cycleId = null)
    {
        _rosters.TryRemove(orgId, out _);
        if (cycleId is not null)
        {
            _cycles.TryRemove((orgId, cycleId), out _);
        }
    }

    /// <summary>A fresh entry whose load has already succeeded: the common case, answered without allocating.</summary>
    private bool TryFresh<TKey, T>(ConcurrentDictionary<TKey, (DateTimeOffset At, Task<T?> Value)> cache, TKey key, TimeSpan ttl, out T? value)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var entry) && time.GetUtcNow() - entry.At < ttl && entry.Value.IsCompletedSuccessfully)
        {
            value = entry.Value.Result;
            return true;
        }

        value = default;
        return false;
    }

    private async Task<T?> Cached<TKey, T>(
        ConcurrentDictionary<TKey, (DateTimeOffset At, Task<T?> Value)> cache, TKey key, TimeSpan ttl, Func<Task<T?>> load)
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

        var task = load();
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
