using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>Runs the report job for one existing cycle on request, whatever its dates.</summary>
public sealed class ReportRuns(ISurveyStore store, ReportJob job)
{
    /// <param name="force">Run even when nothing changed since the last run.</param>
    public async Task<Outcome<CycleRunSummary>> RunAsync(string orgId, string cycleId, bool force, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        return cycle is null ? Cycles.NotFound(orgId, cycleId) : await job.RunCycleAsync(cycle, force, ct);
    }
}
