using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Queues;

/// <summary>Reads the poison queue: a run whose every attempt failed is recorded as failed in the cycle's run history.</summary>
public sealed class RecordFailedReports(ReportRequests requests)
{
    [Function(nameof(RecordFailedReports))]
    public Task Run([QueueTrigger(ReportQueues.Poison, Connection = ReportQueues.Connection)] string message, CancellationToken ct) =>
        requests.RecordGivenUpAsync(message, ct);
}
