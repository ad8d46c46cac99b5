using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>An organization's cycles with their status, newest first (response rates are per cycle, from <see cref="GetCycle"/>).</summary>
public sealed class ListCycles(Administration administration)
{
    public sealed record Response(string OrgId, IReadOnlyList<CycleView> Cycles);

    [AdminOnly]
    [Function(nameof(ListCycles))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        var list = await administration.CyclesAsync(orgId, ct);
        return list.Succeeded
            ? ETags.Conditional(request, ApiResult.Json(new Response(orgId, list.Value.Cycles.Select(c => CycleView.Of(c, list.Value.At)).ToArray())))
            : Problems.For(list.Refusal);
    }
}
