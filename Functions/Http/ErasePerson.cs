using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Erasure on request: the person leaves the roster, their answers and every mention of them as a
/// contact; the rules are <see cref="PersonErasure"/>'s.
/// </summary>
public sealed class ErasePerson(PersonErasure erasure)
{
    public sealed record Erasure(string OrgId, string PersonId, bool RemovedFromRoster, int SubmissionsDeleted, int MentionsRemoved, IReadOnlyList<string> CyclesTouched);

    [AdminOnly]
    [Function(nameof(ErasePerson))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "orgs/{orgId}/people/{personId}")] HttpRequest request,
        string orgId,
        string personId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("personId", personId)) is { } bad)
        {
            return bad;
        }

        var erased = await erasure.EraseAsync(orgId, personId, ct);
        return erased.Succeeded
            ? ApiResult.Json(new Erasure(orgId, personId, erased.Value.RemovedFromRoster, erased.Value.SubmissionsDeleted, erased.Value.MentionsRemoved, erased.Value.CyclesTouched))
            : Problems.For(erased.Refusal);
    }
}
