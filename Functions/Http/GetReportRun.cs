using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Where one queued report run stands: queued, running, done (with each scope's outcome) or failed
/// (with the last error). While queued or running the answer carries <c>Retry-After</c>.
/// </summary>
public sealed class GetReportRun(ReportRuns runs)
{
    [AdminOnly]
    [Function(nameof(GetReportRun))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}/runs/{runId}")] HttpRequest request,
        string orgId,
        string cycleId,
        string runId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId), ("runId", runId)) is { } bad)
        {
            return bad;
        }

        var run = await runs.StatusAsync(orgId, cycleId, runId, ct);
        if (!run.Succeeded)
        {
            return Problems.For(run.Refusal);
        }

        var result = ApiResult.Json(run.Value);
        return run.Value.State is ReportRequestState.Queued or ReportRequestState.Running ? result.WithHeader("Retry-After", RunReports.PollSeconds) : result;
    }
}
