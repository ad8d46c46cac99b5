using System.Threading.RateLimiting;

namespace SurveyNetwork.Functions.Security;

/// <summary>
/// Per-invitation rate limit on the respondent routes (token bucket per organization, cycle and
/// person, per instance): a burst of <see cref="Burst"/> requests, then <see cref="PerMinute"/> a
/// minute. A person answering by hand never meets it; a script hammering one link does.
/// </summary>
public sealed class RespondentRateLimiter : IDisposable
{
    public const int Burst = 60;
    public const int PerMinute = 60;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = PerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when the request may proceed; otherwise the seconds to wait.</summary>
    public bool TryAcquire(InvitationClaims claims, out int retryAfterSeconds)
    {
        using var lease = _limiter.AttemptAcquire($"{claims.OrgId}|{claims.CycleId}|{claims.PersonId}");
        retryAfterSeconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 2;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
