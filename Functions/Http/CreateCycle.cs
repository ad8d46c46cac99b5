using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Http;

/// <summary>Opens a survey cycle for an organization that has a roster.</summary>
public sealed class CreateCycle(SurveyReads reads, IValidator<CycleInput> validator, TimeProvider time)
{
    [Function(nameof(CreateCycle))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orgs/{orgId}/cycles")] HttpRequest request,
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

        var result = await validator.ValidateAsync(input!, ct);
        if (!result.IsValid)
        {
            return Problems.Validation(result);
        }

        if (await reads.RosterAsync(orgId, ct) is null)
        {
            return Problems.Field("orgId", $"Organization '{orgId}' has no roster yet; PUT its roster first.", StatusCodes.Status409Conflict, "Load a roster first.");
        }

        try
        {
            var cycle = await reads.Store.CreateCycleAsync(input!.ToCycle(orgId, time.GetUtcNow()), ct);
            return ApiResult.Json(CycleView.Of(cycle, time.GetUtcNow()), StatusCodes.Status201Created)
                .WithHeader("Location", $"/api/orgs/{orgId}/cycles/{cycle.Id}");
        }
        catch (StoreConflictException)
        {
            return Problems.Field("id", $"Cycle '{input!.Id}' already exists.", StatusCodes.Status409Conflict, "The cycle already exists.");
        }
    }
}
