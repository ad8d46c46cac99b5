using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Queues a run of the cycle's reports now, whatever its dates; with <c>?force=true</c> even when
/// nothing changed since the last run (but not past the differencing rule: a held run stays held).
/// Answers 202 Accepted with the run's status route in <c>Location</c> (<see cref="GetReportRun"/>);
/// a run already pending for the cycle is answered with its own status route.
/// </summary>
public sealed class RunReports(ReportRuns runs)
{
    /// <summary>Seconds a caller waits before looking at a queued or running run again.</summary>
    public const string PollSeconds = "2";

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

        var queued = await runs.RequestAsync(orgId, cycleId, force, ct);
        return queued.Succeeded
            ? ApiResult.Json(queued.Value, StatusCodes.Status202Accepted)
                .WithHeader("Location", StatusPath(queued.Value))
                .WithHeader("Retry-After", PollSeconds)
            : Problems.For(queued.Refusal);
    }

    /// <summary>The status route of a run, under the API's route prefix.</summary>
    public static string StatusPath(ReportRequest run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"/api/orgs/{Uri.EscapeDataString(run.OrgId)}/cycles/{Uri.EscapeDataString(run.CycleId)}/runs/{Uri.EscapeDataString(run.Id)}";
    }
}
