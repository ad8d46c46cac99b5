using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>Closes a cycle now (before its scheduled close); answers are then read-only.</summary>
public sealed class CloseCycle(Cycles cycles)
{
    [AdminOnly]
    [Function(nameof(CloseCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orgs/{orgId}/cycles/{cycleId}/close")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var closed = await cycles.CloseAsync(orgId, cycleId, ct);
        return closed.Succeeded ? ApiResult.Json(CycleView.Of(closed.Value)) : Problems.For(closed.Refusal);
    }
}
