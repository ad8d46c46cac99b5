using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Timers;

/// <summary>Scheduled report delivery (<see cref="Settings.ReportSchedule"/>, by default Mondays 06:00 UTC).</summary>
public sealed class PublishReports(ReportJob job, ILogger<PublishReports> logger)
{
    [Function(nameof(PublishReports))]
    public async Task Run([TimerTrigger("%REPORT_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var summary = await job.RunAllAsync(ct);
        foreach (var cycle in summary.Cycles.Where(c => c.Status is CycleRunStatus.Failed or CycleRunStatus.Partial))
        {
            logger.LogWarning("Reports of {OrgId}/{CycleId}: {Status} {Detail}", cycle.OrgId, cycle.CycleId, cycle.Status, cycle.Detail);
        }
    }
}
