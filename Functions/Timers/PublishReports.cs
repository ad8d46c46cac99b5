using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Timers;

/// <summary>Scheduled report delivery (<see cref="Settings.ReportSchedule"/>, by default Mondays 06:00 UTC).</summary>
public sealed partial class PublishReports(ReportJob job, ILogger<PublishReports> logger)
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reports of {OrgId}/{CycleId}: {Status} {Detail}")]
    private static partial void LogNotPublished(ILogger logger, string orgId, string cycleId, CycleRunStatus status, string? detail);

    [Function(nameof(PublishReports))]
    public async Task Run([TimerTrigger("%REPORT_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        var summary = await job.RunAllAsync(ct);
        foreach (var cycle in summary.Cycles.Where(c => c.Status is CycleRunStatus.Failed or CycleRunStatus.Partial))
        {
            LogNotPublished(logger, cycle.OrgId, cycle.CycleId, cycle.Status, cycle.Detail);
        }
    }
}
