using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>Queues a run of one existing cycle on request, whatever its dates, and tells where a queued run stands.</summary>
public sealed class ReportRuns(ISurveyStore store, ReportRequests requests)
{
    /// <param name="force">Run even when nothing changed since the last run.</param>
    /// <returns>The request queued now, or the one already pending for the cycle.</returns>
    public async Task<Outcome<ReportRequest>> RequestAsync(string orgId, string cycleId, bool force, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
            return Cycles.NotFound(orgId, cycleId);
        return (await requests.RequestAsync(orgId, cycleId, force, ReportRequest.Admin, ct)).Request;
    }

    /// <summary>One queued run's record.</summary>
    public async Task<Outcome<ReportRequest>> StatusAsync(string orgId, string cycleId, string requestId, CancellationToken ct)
    {
        var request = await requests.GetAsync(orgId, cycleId, requestId, ct);
        return request is null ? new Refusal.NotFound($"Report run '{requestId}' of cycle '{cycleId}' of organization '{orgId}'") : request;
    }
}
