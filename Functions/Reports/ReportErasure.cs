using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// After an erasure, brings the published reports of every cycle of the organization — whatever the
/// cycle's dates, so also those the timer no longer revisits — in line with the erased inputs. The
/// job redoes each cycle whose inputs changed, even when the differencing rule would hold the change
/// (scopes of teams that are gone are removed by the job
/// itself); where a report cannot be rebuilt — no answer left in the cycle, the scope failed, or
/// the run failed — it is unpublished and deleted instead. A cycle another run holds is waited for,
/// since that run may have read the inputs from before the erasure.
/// </summary>
public sealed partial class ReportErasure(
    ReportJob job,
    IReportStore reports,
    IReportPublisher publisher,
    TimeProvider time,
    ReportJobOptions options,
    ILogger<ReportErasure> logger)
{
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(500);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reports of {OrgId}/{CycleId} were not rebuilt after an erasure: another run kept the cycle")]
    private static partial void LogKept(ILogger logger, string orgId, string cycleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reports of {OrgId}/{CycleId} could not be removed after an erasure")]
    private static partial void LogNotRemoved(ILogger logger, Exception exception, string orgId, string cycleId);

    /// <returns>Cycles whose reports could not be brought in line (held by another run too long, or a store failed).</returns>
    public async Task<IReadOnlyList<string>> RebuildAsync(IReadOnlyList<Cycle> cycles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var left = new List<string>();
        foreach (var cycle in cycles)
        {
            if (!await RebuildCycleAsync(cycle, ct))
                left.Add(cycle.Id);
        }

        return left;
    }

    private async Task<bool> RebuildCycleAsync(Cycle cycle, CancellationToken ct)
    {
        // A run holding the lease renews it while alive: wait for it to finish, or for a dead one's lease to expire.
        var giveUpAt = time.GetUtcNow() + (2 * options.LeaseDuration);
        while (true)
        {
            // A cycle never reported on gets no reports now; under its lease, so a run still at work is waited for.
            var done = await HasReportsAsync(cycle, ct) ? await RebuildOnceAsync(cycle, ct) : await RemoveAsync(cycle, null, ct);
            if (done is { } result)
                return result;
            if (time.GetUtcNow() >= giveUpAt)
            {
                LogKept(logger, cycle.OrgId, cycle.Id);
                return false;
            }

            await Task.Delay(BusyPause, time, ct);
        }
    }

    private async Task<bool> HasReportsAsync(Cycle cycle, CancellationToken ct) =>
        await reports.GetLastRunAsync(cycle.OrgId, cycle.Id, ct) is not null
        || (await reports.ListReportScopesAsync(cycle.OrgId, cycle.Id, ct)).Count > 0;

    /// <summary>Runs the job over the cycle; removes what it could not rebuild. Null when another run holds the cycle.</summary>
    private async Task<bool?> RebuildOnceAsync(Cycle cycle, CancellationToken ct)
    {
        var run = await job.RunCycleAfterErasureAsync(cycle, ct);
        return run.Status switch
        {
            CycleRunStatus.Published or CycleRunStatus.Unchanged => true,
            CycleRunStatus.Partial => await RemoveAsync(cycle, run.Outcomes!.Where(o => o.Status == ScopeStatus.Failed).Select(o => o.Scope).ToArray(), ct),
            CycleRunStatus.Skipped or CycleRunStatus.Failed => await RemoveAsync(cycle, null, ct),
            _ => null,
        };
    }

    /// <summary>Unpublishes and deletes the given scopes' reports (every scope when null) under the cycle's lease; null when another run holds it.</summary>
    private async Task<bool?> RemoveAsync(Cycle cycle, IReadOnlyList<string>? scopes, CancellationToken ct)
    {
        try
        {
            var keeper = await ReportLeaseKeeper.TryAcquireAsync(reports, cycle.OrgId, cycle.Id, options.LeaseDuration, time, logger, ct);
            if (keeper is null)
                return null;
            await using (keeper)
            {
                foreach (var scope in scopes ?? await reports.ListReportScopesAsync(cycle.OrgId, cycle.Id, ct))
                {
                    keeper.EnsureHeld();
                    await publisher.DeleteAsync(cycle.OrgId, cycle.Id, scope, ct);
                    await reports.DeleteReportAsync(cycle.OrgId, cycle.Id, scope, ct);
                }
            }

            return true;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            LogNotRemoved(logger, e, cycle.OrgId, cycle.Id);
            return false;
        }
    }
}
