using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>The latest report of a team as JSON, an HTML page, GraphML or a CSV edge list (<c>?format=</c>).</summary>
public sealed class GetTeamReport(IReportStore reports, IReportPublisher publisher)
{
    [AdminOnly]
    [Function(nameof(GetTeamReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}/teams/{teamId}/report")] HttpRequest request,
        string orgId,
        string cycleId,
        string teamId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId), ("teamId", teamId)) is { } bad)
        {
            return bad;
        }

        var (format, problem) = ReportResponses.ReadFormat(request, [.. ReportFormat.All]);
        if (problem is not null)
        {
            return problem;
        }

        var report = await reports.GetReportAsync(orgId, cycleId, teamId, ct);
        return report is null
            ? Problems.NotFound($"A report of team '{teamId}' in cycle '{cycleId}' of organization '{orgId}'")
            : await ReportResponses.SendAsync(report, format!, publisher, ct);
    }
}
