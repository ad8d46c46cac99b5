using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>The last report run over a cycle with each team's outcome: published, failed or held back, and why.</summary>
public sealed class ListReportRuns(Administration administration)
{
    [AdminOnly]
    [Function(nameof(ListReportRuns))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}/runs")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var runs = await administration.RunsAsync(orgId, cycleId, ct);
        return runs.Succeeded ? ETags.Conditional(request, ApiResult.Json(runs.Value)) : Problems.For(runs.Refusal);
    }
}
