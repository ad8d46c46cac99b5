using System.Collections.Concurrent;

namespace SurveyNetwork.Functions.Security;

/// <summary>
/// Per-invitation rate limit on the respondent routes (a token bucket per organization, cycle and
/// person, per instance): a burst of <see cref="Burst"/> requests, then <see cref="PerMinute"/> more
/// each minute. A person answering by hand never meets it; a script hammering one link does.
/// </summary>
/// <remarks>
/// Buckets refill when they are used, not on a timer, so a request costs the same however many
/// links are live; an occasional sweep drops buckets that are full again (links not used for a
/// while), so memory follows the links in use.
/// </remarks>
public sealed class RespondentRateLimiter(TimeProvider time)
{
    public const int Burst = 60;
    public const int PerMinute = 60;

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string OrgId, string CycleId, string PersonId), Bucket> _buckets = new();
    private readonly long _period = (long)(Period.TotalSeconds * time.TimestampFrequency);
    private long _nextSweep = time.GetTimestamp() + (long)(SweepInterval.TotalSeconds * time.TimestampFrequency);

    /// <summary>Buckets held now (links used recently).</summary>
    internal int Count => _buckets.Count;

    /// <summary>True when the request may proceed; otherwise the seconds to wait.</summary>
    public bool TryAcquire(InvitationClaims claims, out int retryAfterSeconds)
    {
        var now = time.GetTimestamp();
        var key = (claims.OrgId, claims.CycleId, claims.PersonId);
        SweepIfDue(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, start) => new Bucket(start), now);
            lock (bucket)
            {
                if (bucket.Dropped)
                {
                    continue; // swept just now: take a fresh bucket
                }

                bucket.Refill(now, _period);
                if (bucket.Tokens > 0)
                {
                    bucket.Tokens--;
                    retryAfterSeconds = 0;
                    return true;
                }

                var wait = (double)(bucket.PeriodStart + _period - now) / time.TimestampFrequency;
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait));
                return false;
            }
        }
    }

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + (long)(SweepInterval.TotalSeconds * time.TimestampFrequency), due) != due)
        {
            return;
        }

        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                bucket.Refill(now, _period);
                if (bucket.Tokens >= Burst)
                {
                    bucket.Dropped = true;
                    _buckets.TryRemove(new KeyValuePair<(string, string, string), Bucket>(key, bucket));
                }
            }
        }
    }

    /// <summary>Tokens left and the start of the current refill period (timestamps of <see cref="TimeProvider"/>).</summary>
    private sealed class Bucket(long start)
    {
        public int Tokens = Burst;
        public long PeriodStart = start;
        public bool Dropped;

        /// <summary>Adds <see cref="PerMinute"/> tokens for each whole period since <see cref="PeriodStart"/>, up to <see cref="Burst"/>.</summary>
        public void Refill(long now, long period)
        {
            var periods = (now - PeriodStart) / period;
            if (periods > 0)
            {
                Tokens = (int)Math.Min(Burst, Tokens + (periods * PerMinute));
                PeriodStart += periods * period;
            }
        }
    }
}
