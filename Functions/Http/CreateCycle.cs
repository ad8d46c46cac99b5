using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>Opens a survey cycle for an organization that has a roster.</summary>
public sealed class CreateCycle(Cycles cycles)
{
    [AdminOnly]
    [Function(nameof(CreateCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orgs/{orgId}/cycles")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        var (input, problem) = await RequestReader.ReadJsonAsync<CycleInput>(request, RequestReader.SmallBodyLimit, ct);
        if (problem is not null)
        {
            return problem;
        }

        var created = await cycles.CreateAsync(orgId, input!, ct);
        return created.Succeeded
            ? ApiResult.Json(CycleView.Of(created.Value), StatusCodes.Status201Created)
                .WithHeader("Location", $"/api/orgs/{orgId}/cycles/{created.Value.Cycle.Id}")
            : Problems.For(created.Refusal);
    }
}
