using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Issues one signed invitation token per active person (or per listed person) while a cycle is
/// scheduled or open. Tokens are not stored: each binds organization, cycle and person under the
/// current signing key and expires <see cref="TokenLifetimeAfterClose"/> after the cycle closes
/// (so respondents can still open their profile). Issuing again gives new tokens; old ones stay
/// valid unless the issue revokes them: then each invited person's link generation
/// (<see cref="Cycle.LinkGenerations"/>) goes up, in the same cycle write that records when and how
/// many were issued last, and only the new links work.
/// </summary>
public sealed class Invitations(ISurveyStore store, RosterCycleCache cache, InvitationTokens tokens, TimeProvider time)
{
    public static readonly TimeSpan TokenLifetimeAfterClose = TimeSpan.FromDays(90);

    /// <summary>Attempts to record the issue on a cycle that someone else keeps changing meanwhile.</summary>
    private const int RecordRetries = 5;

    public sealed record Issued(DateTimeOffset ExpiresAt, IReadOnlyList<Token> Tokens);

    public sealed record Token(Person Person, string Value);

    /// <param name="personIds">The people to invite; null invites every active person.</param>
    public Task<Outcome<Issued>> IssueAsync(string orgId, string cycleId, IReadOnlyList<string>? personIds, CancellationToken ct) =>
        IssueAsync(orgId, cycleId, personIds, revokePrevious: false, ct);

    /// <param name="personIds">The people to invite; null invites every active person.</param>
    /// <param name="revokePrevious">Revoke the links issued to these people before.</param>
    public async Task<Outcome<Issued>> IssueAsync(string orgId, string cycleId, IReadOnlyList<string>? personIds, bool revokePrevious, CancellationToken ct)
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
        for (var attempt = 0; ; attempt++)
        {
            var updated = cycle with { InvitationsIssuedAt = now, InvitationsIssued = people!.Count };
            if (revokePrevious)
            {
                var generations = new Dictionary<string, int>(cycle.LinkGenerations ?? new Dictionary<string, int>(), StringComparer.Ordinal);
                foreach (var p in people)
                    generations[p.Id] = cycle.LinkGeneration(p.Id) + 1;
                updated = updated with { LinkGenerations = generations };
            }

            try
            {
                cycle = await store.ReplaceCycleAsync(updated, ct);
                break;
            }
            catch (StoreConcurrencyException) when (attempt < RecordRetries)
            {
                cycle = await store.GetCycleAsync(orgId, cycleId, ct) ?? cycle;
            }
        }

        if (revokePrevious)
        {
            cache.Forget(orgId, cycleId);
        }

        var issued = people.Select(p => new Token(p, tokens.Issue(orgId, cycleId, p.Id, expires, cycle.LinkGeneration(p.Id)))).ToArray();
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
