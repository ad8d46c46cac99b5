using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Before a cycle is created: which teams of the current roster a given anonymity threshold leaves
/// under it and what that holds back (the same check a cycle's status carries for its own threshold).
/// </summary>
public sealed class CheckThreshold(Cycles cycles)
{
    [AdminOnly]
    [Function(nameof(CheckThreshold))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/threshold-check")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        var k = CycleInput.DefaultAnonymityThreshold;
        if (request.Query["anonymityThreshold"].FirstOrDefault() is { } text &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k is < CycleInput.MinAnonymityThreshold or > CycleInput.MaxAnonymityThreshold))
        {
            return Problems.Field("anonymityThreshold", $"anonymityThreshold must be a whole number from {CycleInput.MinAnonymityThreshold} to {CycleInput.MaxAnonymityThreshold}.");
        }

        var check = await cycles.CheckThresholdAsync(orgId, k, ct);
        return check.Succeeded ? ApiResult.Json(check.Value) : Problems.For(check.Refusal);
    }
}
