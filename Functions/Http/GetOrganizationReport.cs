using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>The latest organization summary of a cycle as JSON, an HTML page, GraphML or a CSV edge list (<c>?format=</c>).</summary>
public sealed class GetOrganizationReport(IReportStore reports, IReportPublisher publisher)
{
    [AdminOnly]
    [Function(nameof(GetOrganizationReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orgs/{orgId}/cycles/{cycleId}/report")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        var (format, problem) = ReportResponses.ReadFormat(request, [.. ReportFormat.All]);
        if (problem is not null)
        {
            return problem;
        }

        var report = await reports.GetReportAsync(orgId, cycleId, ReportScope.Organization, ct);
        return report is null
            ? Problems.NotFound($"An organization report of cycle '{cycleId}' of organization '{orgId}'")
            : await ReportResponses.SendAsync(report, format!, publisher, ct);
    }
}
