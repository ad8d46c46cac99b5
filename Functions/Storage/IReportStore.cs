using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// Durable state of the report job: the latest report per scope (team or organization) of each
/// cycle, the record of the last run over a cycle, and a per-cycle lease. Two implementations with
/// the same semantics — Cosmos DB (container <c>reports</c>, one partition per cycle) and SQLite —
/// checked by one contract suite.
/// </summary>
public interface IReportStore
{
    /// <summary>Creates tables or the container when configured to; idempotent.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>The record of the last run that finished over this cycle, or null.</summary>
    Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default);

    /// <summary>Replaces the cycle's run record.</summary>
    Task SaveRunAsync(ReportRun run, CancellationToken ct = default);

    /// <summary>Replaces the latest report of the scope (one item per scope; never a second one).</summary>
    Task SaveReportAsync(StoredReport report, CancellationToken ct = default);

    /// <summary>The latest report of the scope, or null.</summary>
    Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default);

    /// <summary>Scopes that have a report in this cycle, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListReportScopesAsync(string orgId, string cycleId, CancellationToken ct = default);

    /// <summary>Removes the scope's report; true when there was one.</summary>
    Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default);

    /// <summary>
    /// Takes the cycle's lease until <paramref name="now"/> + <paramref name="duration"/> when nobody
    /// holds it or the holder's lease has expired; null when another holder's lease is still valid.
    /// </summary>
    Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Extends a lease still held; null when it was lost (expired and taken by another run).</summary>
    Task<ReportLease?> RenewLeaseAsync(ReportLease lease, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Gives the lease up if still held; does nothing otherwise.</summary>
    Task ReleaseLeaseAsync(ReportLease lease, CancellationToken ct = default);

    /// <summary>
    /// Stores <paramref name="request"/> and makes it the cycle's pending request, unless another
    /// request queued after <paramref name="staleBefore"/> is still pending: then nothing is written
    /// and that request is returned. Repeated schedules and clicks therefore queue a cycle once.
    /// </summary>
    Task<ReportRequest?> TryAddPendingRequestAsync(ReportRequest request, DateTimeOffset staleBefore, CancellationToken ct = default);

    /// <summary>Ends the cycle's pending request if it is still <paramref name="requestId"/>; does nothing otherwise.</summary>
    Task ClearPendingRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default);

    /// <summary>Replaces a request's record.</summary>
    Task SaveRequestAsync(ReportRequest request, CancellationToken ct = default);

    /// <summary>One request, or null.</summary>
    Task<ReportRequest?> GetRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default);

    /// <summary>The cycle's latest requests, newest first, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<ReportRequest>> ListRequestsAsync(string orgId, string cycleId, int count, CancellationToken ct = default);
}
