using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>A report store that records how long each kind of call takes (reading the last run includes its answer digests).</summary>
internal sealed class TimedReportStore(IReportStore inner, JobPhases phases) : IReportStore
{
    public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

    public Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default) =>
        phases.TimeAsync("store: read last run (with digests)", () => inner.GetLastRunAsync(orgId, cycleId, ct));

    public Task SaveRunAsync(ReportRun run, CancellationToken ct = default) =>
        phases.TimeAsync("store: save run (with digests)", () => inner.SaveRunAsync(run, ct));

    public Task SaveReportAsync(StoredReport report, CancellationToken ct = default)
    {
        phases.Add("#bytes stored", report.Contents.Sum(c => (long)(c.Bytes?.Length ?? 0)));
        return phases.TimeAsync("store: save report", () => inner.SaveReportAsync(report, ct));
    }

    public Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
        inner.GetReportAsync(orgId, cycleId, scope, ct);

    public Task<IReadOnlyList<string>> ListReportScopesAsync(string orgId, string cycleId, CancellationToken ct = default) =>
        phases.TimeAsync("store: list scopes", () => inner.ListReportScopesAsync(orgId, cycleId, ct));

    public Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
        inner.DeleteReportAsync(orgId, cycleId, scope, ct);

    public Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default) =>
        phases.TimeAsync("store: lease", () => inner.TryAcquireLeaseAsync(orgId, cycleId, duration, now, ct));

    public Task<ReportLease?> RenewLeaseAsync(ReportLease lease, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default) =>
        phases.TimeAsync("store: lease", () => inner.RenewLeaseAsync(lease, duration, now, ct));

    public Task ReleaseLeaseAsync(ReportLease lease, CancellationToken ct = default) =>
        phases.TimeAsync("store: lease", () => inner.ReleaseLeaseAsync(lease, ct));

    public Task<ReportRequest?> TryAddPendingRequestAsync(ReportRequest request, DateTimeOffset staleBefore, CancellationToken ct = default) =>
        inner.TryAddPendingRequestAsync(request, staleBefore, ct);

    public Task ClearPendingRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default) =>
        inner.ClearPendingRequestAsync(orgId, cycleId, requestId, ct);

    public Task SaveRequestAsync(ReportRequest request, CancellationToken ct = default) => inner.SaveRequestAsync(request, ct);

    public Task<ReportRequest?> GetRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default) =>
        inner.GetRequestAsync(orgId, cycleId, requestId, ct);

    public Task<IReadOnlyList<ReportRequest>> ListRequestsAsync(string orgId, string cycleId, int count, CancellationToken ct = default) =>
        inner.ListRequestsAsync(orgId, cycleId, count, ct);
}
