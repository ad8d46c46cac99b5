using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Issues one signed invitation token per active person (or per listed person) while a cycle is
/// scheduled or open. Tokens are not stored: each binds organization, cycle and person under the
/// current signing key and expires <see cref="TokenLifetimeAfterClose"/> after the cycle closes
/// (so respondents can still open their profile). Issuing again gives new tokens; old ones stay
/// valid. The cycle records when and how many were issued last.
/// </summary>
public sealed class Invitations(ISurveyStore store, RosterCycleCache cache, InvitationTokens tokens, TimeProvider time)
{
    public static readonly TimeSpan TokenLifetimeAfterClose = TimeSpan.FromDays(90);

    /// <summary>Attempts to record the issue on a cycle that someone else keeps changing meanwhile.</summary>
    private const int RecordRetries = 5;

    public sealed record Issued(DateTimeOffset ExpiresAt, IReadOnlyList<Token> Tokens);

    public sealed record Token(Person Person, string Value);

    /// <param name="personIds">The people to invite; null invites every active person.</param>
    public async Task<Outcome<Issued>> IssueAsync(string orgId, string cycleId, IReadOnlyList<string>? personIds, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Cycles.NotFound(orgId, cycleId);
        }

        var now = time.GetUtcNow();
        if (cycle.EffectiveClose <= now)
        {
            return new Refusal.Conflict("The cycle is closed.", "Invitations can only be issued while a cycle is scheduled or open.");
        }

        var roster = await cache.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return new Refusal.Conflict("The organization has no roster.");
        }

        var (people, refusal) = Invitees(roster, personIds);
        if (refusal is not null)
        {
            return refusal;
        }

        var expires = cycle.ClosesAt + TokenLifetimeAfterClose;
        var issued = people!.Select(p => new Token(p, tokens.Issue(orgId, cycleId, p.Id, expires))).ToArray();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.ReplaceCycleAsync(cycle with { InvitationsIssuedAt = now, InvitationsIssued = issued.Length }, ct);
                break;
            }
            catch (StoreConcurrencyException) when (attempt < RecordRetries)
            {
                cycle = await store.GetCycleAsync(orgId, cycleId, ct) ?? cycle;
            }
        }

        return new Issued(expires, issued);
    }

    /// <summary>The active people to invite, in roster order, or every listed id that is not an active person.</summary>
    private static (List<Person>? People, Refusal? Refusal) Invitees(Roster roster, IReadOnlyList<string>? ids)
    {
        var people = roster.ActivePeople.ToList();
        if (ids is null)
        {
            return (people, null);
        }

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is null || !roster.PeopleById.TryGetValue(ids[i], out var p) || !p.Active)
            {
                errors[$"personIds[{i}]"] = [$"'{ids[i]}' is not an active person on the roster."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, new Refusal.Invalid(errors));
        }

        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        return (people.Where(p => wanted.Contains(p.Id)).ToList(), null);
    }
}
