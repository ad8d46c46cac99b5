using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Timers;

/// <summary>
/// Scheduled report delivery (<see cref="Settings.ReportSchedule"/>, by default Mondays 06:00 UTC):
/// queues one message per due cycle and returns; the queue function runs them, spread over instances.
/// </summary>
public sealed class PublishReports(ReportRequests requests)
{
    [Function(nameof(PublishReports))]
    public async Task Run([TimerTrigger("%REPORT_SCHEDULE%")] TimerInfo timer, CancellationToken ct) =>
        await requests.EnqueueDueAsync(ct);
}
