using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Http;

/// <summary>Closes a cycle now (before its scheduled close); answers are then read-only.</summary>
public sealed class CloseCycle(SurveyReads reads, TimeProvider time)
{
    [Function(nameof(CloseCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orgs/{orgId}/cycles/{cycleId}/close")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        for (var attempt = 0; ; attempt++)
        {
            var cycle = await reads.Store.GetCycleAsync(orgId, cycleId, ct);
            if (cycle is null)
            {
                return Problems.NotFound($"Cycle '{cycleId}' of organization '{orgId}'");
            }

            var now = time.GetUtcNow();
            if (cycle.EffectiveClose <= now)
            {
                return ApiResult.Json(CycleView.Of(cycle, now));
            }

            try
            {
                var closed = await reads.Store.ReplaceCycleAsync(cycle with { ClosedAt = now }, ct);
                reads.Forget(orgId, cycleId);
                return ApiResult.Json(CycleView.Of(closed, now));
            }
            catch (StoreConcurrencyException) when (attempt < 5)
            {
                // Someone else changed the cycle meanwhile: read it again and retry.
            }
        }
    }
}
