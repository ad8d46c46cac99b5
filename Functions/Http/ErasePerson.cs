using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Erasure on request: removes a person from the roster (so their invitation links stop working),
/// deletes their answers in every cycle, and removes them as a named contact from everyone else's
/// answers. Later reports therefore contain them neither as respondent nor as contact. Idempotent:
/// erasing again reports nothing left to remove.
/// </summary>
public sealed class ErasePerson(SurveyReads reads, ILogger<ErasePerson> logger)
{
    public sealed record Erasure(string OrgId, string PersonId, bool RemovedFromRoster, int SubmissionsDeleted, int MentionsRemoved, IReadOnlyList<string> CyclesTouched);

    [Function(nameof(ErasePerson))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "orgs/{orgId}/people/{personId}")] HttpRequest request,
        string orgId,
        string personId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("personId", personId)) is { } bad)
        {
            return bad;
        }

        var store = reads.Store;
        var roster = await store.GetRosterAsync(orgId, ct);
        if (roster is null)
        {
            return Problems.NotFound($"Organization '{orgId}'");
        }

        // Roster first: from here on the person's tokens are refused and no new answer can name them.
        var removed = false;
        if (roster.PeopleById.ContainsKey(personId))
        {
            if (roster.People.Count == 1)
            {
                return Problems.Conflict("The roster's last person cannot be erased.", "Replace the roster instead.");
            }

            var people = roster.People
                .Where(p => p.Id != personId)
                .Select(p => p.ManagerId == personId ? p with { ManagerId = null } : p)
                .ToArray();
            await store.ReplaceRosterAsync(roster with { People = people }, ct);
            reads.Forget(orgId);
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

        logger.LogInformation("Erasure in {OrgId}: roster {Removed}, {Deleted} answers deleted, {Mentions} mentions removed", orgId, removed, deleted, mentions);
        return ApiResult.Json(new Erasure(orgId, personId, removed, deleted, mentions, touched));
    }
}
