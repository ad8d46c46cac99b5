using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>A cycle's status with its response rate overall and per team.</summary>
public sealed class GetCycle(SurveyReads reads, TimeProvider time)
{
    [Function(nameof(GetCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "orgs/{orgId}/cycles/{cycleId}")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var cycle = await reads.Store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Problems.NotFound($"Cycle '{cycleId}' of organization '{orgId}'");
        }

        var roster = await reads.RosterAsync(orgId, ct);
        var submissions = await reads.Store.ListSubmissionsAsync(orgId, cycleId, ct);
        var rates = roster is null ? null : ResponseRates.Count(roster, submissions.Select(s => s.RespondentId));
        return ApiResult.Json(CycleView.Of(cycle, time.GetUtcNow(), rates));
    }
}
