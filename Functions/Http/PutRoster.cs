using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Replaces an organization's roster (JSON or CSV) as a whole: validated as a whole with
/// row-numbered errors, then swapped atomically. Nothing is written when any row is invalid, nor
/// with <c>?dryRun=true</c>, which only validates (a preview before replacing).
/// </summary>
public sealed class PutRoster(RosterReplacement rosters)
{
    public sealed record RosterSummary(string OrgId, int People, int ActivePeople, int Teams, DateTimeOffset UpdatedAt)
    {
        public static RosterSummary Of(Roster r) => new(r.OrgId, r.People.Count, r.People.Count(p => p.Active), r.Teams.Count, r.UpdatedAt);
    }

    [AdminOnly]
    [Function(nameof(PutRoster))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "orgs/{orgId}/roster")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        var (input, errorKey, problem) = await RosterBody.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var dryRun = request.Query["dryRun"].FirstOrDefault() is "true";
        var replaced = await rosters.ReplaceAsync(orgId, input!, errorKey, ct, dryRun);
        return replaced.Succeeded ? ApiResult.Json(RosterSummary.Of(replaced.Value)) : Problems.For(replaced.Refusal);
    }
}
