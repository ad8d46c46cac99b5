using Microsoft.AspNetCore.Http;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Http;

/// <summary>The respondent behind a request: a valid token for an existing cycle and an active roster person.</summary>
internal sealed record Respondent(InvitationClaims Claims, Cycle Cycle, Roster Roster, Person Person)
{
    /// <summary>
    /// Resolves the bearer token; a 401 problem when it is missing, forged, expired or no longer
    /// matches the roster. Completes synchronously, without allocating, while the cycle and roster are cached.
    /// </summary>
    public static async ValueTask<(Respondent? Respondent, ApiResult? Problem)> ResolveAsync(
        HttpRequest request, InvitationTokens tokens, SurveyReads reads, CancellationToken ct)
    {
        var claims = tokens.Validate(InvitationTokens.TokenOf(request), out var reason);
        if (claims is null)
        {
            return (null, Problems.Unauthorized(reason));
        }

        if (!reads.RateLimiter.TryAcquire(claims, out var retryAfter))
        {
            return (null, Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests for this invitation.",
                    $"Try again in {retryAfter} seconds.")
                .WithHeader("Retry-After", retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var cycle = await reads.CycleAsync(claims.OrgId, claims.CycleId, ct);
        var roster = cycle is null ? null : await reads.RosterAsync(claims.OrgId, ct);
        if (cycle is null || roster is null
            || !roster.PeopleById.TryGetValue(claims.PersonId, out var person) || !person.Active)
        {
            return (null, Problems.Unauthorized("This invitation is no longer valid."));
        }

        return (new Respondent(claims, cycle, roster, person), null);
    }
}
