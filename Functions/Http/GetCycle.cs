using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>A cycle's status with its response rate overall and per team.</summary>
public sealed class GetCycle(Cycles cycles)
{
    [AdminOnly]
    [Function(nameof(GetCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var cycle = await cycles.GetAsync(orgId, cycleId, ct);
        return cycle.Succeeded ? ApiResult.Json(CycleView.Of(cycle.Value)) : Problems.For(cycle.Refusal);
    }
}
