using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Runs the report job for one cycle now, whatever its dates; with <c>?force=true</c> even when
/// nothing changed since the last run (but not past the differencing rule: a held run stays held).
/// Answers with the run's summary.
/// </summary>
public sealed class RunReports(ReportRuns runs)
{
    [AdminOnly]
    [Function(nameof(RunReports))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orgs/{orgId}/cycles/{cycleId}/reports")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var force = false;
        if (request.Query.TryGetValue("force", out var values) && !bool.TryParse(values.ToString(), out force))
        {
            return Problems.Field("force", "force must be true or false.");
        }

        var run = await runs.RunAsync(orgId, cycleId, force, ct);
        return run.Succeeded ? Respond(run.Value) : Problems.For(run.Refusal);
    }

    /// <summary>A run that could not take place is a problem to retry; any other run answers with its summary.</summary>
    private static ApiResult Respond(CycleRunSummary summary) =>
        summary.Status switch
        {
            CycleRunStatus.Busy => Problems.Conflict("A report run for this cycle is in progress.", "Retry after the time in Retry-After.")
                .WithHeader("Retry-After", "30"),
            CycleRunStatus.Failed => Problems.Create(StatusCodes.Status503ServiceUnavailable, "The report run failed; nothing was recorded.",
                    summary.Detail)
                .WithHeader("Retry-After", "30"),
            _ => ApiResult.Json(summary),
        };
}
