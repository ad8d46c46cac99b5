using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Who may use the respondent routes: the holder of a valid invitation token, within its rate
/// limit, whose cycle exists and who is still an active person on the roster.
/// </summary>
public sealed class RespondentAccess(InvitationTokens tokens, RespondentRateLimiter rateLimiter, RosterCycleCache cache, TimeProvider time)
{
    /// <summary>
    /// The respondent of <paramref name="token"/>, or why not: unauthorized when the token is
    /// missing, forged, expired, replaced by a newer link (see
    /// <see cref="Cycle.LinkGenerations"/>) or no longer matches the roster; rate limited. Completes
    /// synchronously, without allocating beyond the respondent, while the cycle and roster are cached.
    /// </summary>
    public ValueTask<Outcome<Respondent>> ResolveAsync(ReadOnlySpan<char> token, CancellationToken ct)
    {
        var claims = tokens.Validate(token, out var reason);
        if (claims is null)
        {
            return new(new Refusal.Unauthorized(reason));
        }

        return rateLimiter.TryAcquire(claims, out var retryAfter)
            ? LoadAsync(claims, ct)
            : new(new Refusal.RateLimited(retryAfter));
    }

    private async ValueTask<Outcome<Respondent>> LoadAsync(InvitationClaims claims, CancellationToken ct)
    {
        var cycle = await cache.CycleAsync(claims.OrgId, claims.CycleId, ct);
        var roster = cycle is null ? null : await cache.RosterAsync(claims.OrgId, ct);
        if (cycle is null || roster is null
            || !roster.PeopleById.TryGetValue(claims.PersonId, out Person? person) || !person.Active)
        {
            return new Refusal.Unauthorized("This invitation is no longer valid.");
        }

        if (cycle.LinkGeneration(claims.PersonId) != claims.Generation)
        {
            return new Refusal.Unauthorized("This invitation link was replaced by a newer one.");
        }

        return new Respondent(claims, cycle, roster, person, time.GetUtcNow());
    }
}
