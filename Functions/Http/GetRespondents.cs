using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Who has answered a cycle, per team, with the response rate and confidence label; names only in a
/// named cycle (the rule is <see cref="Administration.RespondentsAsync"/>'s).
/// </summary>
public sealed class GetRespondents(Administration administration)
{
    [AdminOnly]
    [Function(nameof(GetRespondents))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}/respondents")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var respondents = await administration.RespondentsAsync(orgId, cycleId, ct);
        return respondents.Succeeded ? ETags.Conditional(request, ApiResult.Json(respondents.Value)) : Problems.For(respondents.Refusal);
    }
}
