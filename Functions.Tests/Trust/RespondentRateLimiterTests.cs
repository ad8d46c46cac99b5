using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>The per-invitation token bucket, on a fake clock.</summary>
public sealed class RespondentRateLimiterTests
{
    private static readonly InvitationClaims Ana = new("acme", "c1", "p1", DateTimeOffset.MaxValue);
    private static readonly InvitationClaims Ben = new("acme", "c1", "p2", DateTimeOffset.MaxValue);

    [Fact]
    public void A_link_gets_its_burst_then_waits_for_the_next_minute()
    {
        var time = new FakeTimeProvider();
        var limiter = new RespondentRateLimiter(time);

        for (var i = 0; i < RespondentRateLimiter.Burst; i++)
        {
            Assert.True(limiter.TryAcquire(Ana, out _));
        }

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(limiter.TryAcquire(Ana, out var retryAfter));
        Assert.Equal(40, retryAfter);
        Assert.True(limiter.TryAcquire(Ben, out _)); // other links are unaffected

        time.Advance(TimeSpan.FromSeconds(40));
        for (var i = 0; i < RespondentRateLimiter.PerMinute; i++)
        {
            Assert.True(limiter.TryAcquire(Ana, out _));
        }

        Assert.False(limiter.TryAcquire(Ana, out _));
    }

    [Fact]
    public void Refills_never_exceed_the_burst_however_long_a_link_rests()
    {
        var time = new FakeTimeProvider();
        var limiter = new RespondentRateLimiter(time);
        Assert.True(limiter.TryAcquire(Ana, out _));

        time.Advance(TimeSpan.FromHours(3));
        var granted = 0;
        while (limiter.TryAcquire(Ana, out _))
        {
            granted++;
        }

        Assert.Equal(RespondentRateLimiter.Burst, granted);
    }

    [Fact]
    public void Links_at_rest_are_forgotten_and_a_busy_link_keeps_its_count_through_a_sweep()
    {
        var time = new FakeTimeProvider();
        var limiter = new RespondentRateLimiter(time);
        for (var i = 0; i < 1_000; i++)
        {
            limiter.TryAcquire(new InvitationClaims("acme", "c1", $"r{i}", DateTimeOffset.MaxValue), out _);
        }

        time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < RespondentRateLimiter.Burst; i++)
        {
            Assert.True(limiter.TryAcquire(Ana, out _));
        }

        Assert.Equal(1_001, limiter.Count);

        time.Advance(TimeSpan.FromSeconds(31)); // past the first sweep: the resting links are full again, Ana's is not
        Assert.True(limiter.TryAcquire(Ben, out _));

        Assert.Equal(2, limiter.Count);
        Assert.False(limiter.TryAcquire(Ana, out var retryAfter));
        Assert.Equal(29, retryAfter);
    }
}
