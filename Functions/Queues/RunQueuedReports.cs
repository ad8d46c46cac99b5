using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Queues;

/// <summary>Runs one queued cycle's reports; a failed attempt throws, so the queue retries it (host.json: visibility timeout, maximum dequeue count).</summary>
public sealed class RunQueuedReports(ReportRequests requests)
{
    [Function(nameof(RunQueuedReports))]
    public Task Run([QueueTrigger(ReportQueues.Runs, Connection = ReportQueues.Connection)] string message, CancellationToken ct) =>
        requests.RunAsync(message, ct);
}
