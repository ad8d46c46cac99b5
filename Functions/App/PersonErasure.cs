using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Erasure on request: removes a person from the roster (so their invitation links stop working
/// and no new answer can name them), deletes their answers in every cycle, and removes them as a
/// named contact from everyone else's answers. Later reports therefore contain them neither as
/// respondent nor as contact. Idempotent: erasing again finds nothing left to remove.
/// </summary>
public sealed partial class PersonErasure(ISurveyStore store, RosterCycleCache cache, ILogger<PersonErasure> logger)
{
    public sealed record Result(bool RemovedFromRoster, int SubmissionsDeleted, int MentionsRemoved, IReadOnlyList<string> CyclesTouched);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure in {OrgId}: roster {Removed}, {Deleted} answers deleted, {Mentions} mentions removed")]
    private static partial void LogErased(ILogger logger, string orgId, bool removed, int deleted, int mentions);

    public async Task<Outcome<Result>> EraseAsync(string orgId, string personId, CancellationToken ct)
    {
        var roster = await store.GetRosterAsync(orgId, ct);
        if (roster is null)
        {
            return new Refusal.NotFound($"Organization '{orgId}'");
        }

        // Roster first: from here on the person's tokens are refused and no new answer can name them.
        var removed = false;
        if (roster.PeopleById.ContainsKey(personId))
        {
            if (roster.People.Count == 1)
            {
                return new Refusal.Conflict("The roster's last person cannot be erased.", "Replace the roster instead.");
            }

            var people = roster.People
                .Where(p => p.Id != personId)
                .Select(p => p.ManagerId == personId ? p with { ManagerId = null } : p)
                .ToArray();
            await store.ReplaceRosterAsync(roster with { People = people }, ct);
            cache.Forget(orgId);
            removed = true;
        }

        int deleted = 0, mentions = 0;
        var touched = new List<string>();
        foreach (var cycle in await store.ListCyclesAsync(orgId, ct))
        {
            var changed = false;
            foreach (var s in await store.ListSubmissionsAsync(orgId, cycle.Id, ct))
            {
                if (s.RespondentId == personId)
                {
                    changed |= await store.DeleteSubmissionAsync(orgId, cycle.Id, personId, ct);
                    deleted++;
                }
                else if (s.Contacts.Any(c => c.PersonId == personId))
                {
                    await store.UpsertSubmissionAsync(s with { Contacts = s.Contacts.Where(c => c.PersonId != personId).ToArray() }, ct);
                    mentions++;
                    changed = true;
                }
            }

            if (changed)
            {
                touched.Add(cycle.Id);
            }
        }

        LogErased(logger, orgId, removed, deleted, mentions);
        return new Result(removed, deleted, mentions, touched);
    }
}
