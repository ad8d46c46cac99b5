using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The embedded report store: tables of its own in the same SQLite file as the survey store (WAL
/// mode, so the job's few writes wait briefly for the survey store's writer at most). Every
/// operation takes a pooled connection; a report and its contents are replaced in one transaction.
/// </summary>
public sealed class SqliteReportStore : IReportStore
{
    private readonly SqliteStoreFile _file;

    /// <param name="path">The database file (normally the survey store's); its folder is created when missing.</param>
    public SqliteReportStore(string path) => _file = new SqliteStoreFile(path, SqliteSchema.Reports, nameof(SqliteReportStore));

    public string Path => _file.Path;

    public Task InitializeAsync(CancellationToken ct = default) => _file.InitializeAsync(ct);

    public Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync(async c =>
        {
            await using var command = Command(c, "SELECT json FROM report_runs WHERE org_id = $p0 AND cycle_id = $p1", orgId, cycleId);
            return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<ReportRun>(json, StoreJson.Options) : null;
        }, ct);
    }

    public Task SaveRunAsync(ReportRun run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        StoreKeys.RequireCycle(run.OrgId, run.CycleId);
        var json = JsonSerializer.Serialize(run, StoreJson.Options);
        return RunAsync(async c =>
        {
            await using var command = Command(c, """
                INSERT INTO report_runs (org_id, cycle_id, json) VALUES ($p0, $p1, $p2)
                ON CONFLICT (org_id, cycle_id) DO UPDATE SET json = excluded.json
                """, run.OrgId, run.CycleId, json);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task SaveReportAsync(StoredReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        StoreKeys.RequireScope(report.OrgId, report.CycleId, report.Scope);
        var meta = JsonSerializer.Serialize(ReportStoreItems.WithoutBytes(report), StoreJson.Options);
        return RunAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            await using (var upsert = Command(c, """
                INSERT INTO report_items (org_id, cycle_id, scope, meta) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT (org_id, cycle_id, scope) DO UPDATE SET meta = excluded.meta
                """, report.OrgId, report.CycleId, report.Scope, meta))
            {
                await upsert.ExecuteNonQueryAsync(ct);
            }

            // Formats no longer kept are deleted; the others are replaced row by row rather than deleted and
            // inserted again, so that content of the same length is overwritten in place: SQLite then
            // writes only the pages whose bytes differ, and frees (and, with secure_delete, zeroes) none.
            var kept = report.Contents.Where(x => x.Bytes is not null).ToArray();
            var formats = string.Join(", ", kept.Select((_, i) => "$p" + (i + 3).ToString(CultureInfo.InvariantCulture)));
            await using (var clear = Command(c, $"DELETE FROM report_contents WHERE org_id = $p0 AND cycle_id = $p1 AND scope = $p2 AND format NOT IN ({formats})",
                [report.OrgId, report.CycleId, report.Scope, .. kept.Select(x => x.Format)]))
            {
                await clear.ExecuteNonQueryAsync(ct);
            }

            foreach (var content in kept)
            {
                await using var upsert = Command(c, """
                    INSERT INTO report_contents (org_id, cycle_id, scope, format, bytes) VALUES ($p0, $p1, $p2, $p3, $p4)
                    ON CONFLICT (org_id, cycle_id, scope, format) DO UPDATE SET bytes = excluded.bytes
                    """, report.OrgId, report.CycleId, report.Scope, content.Format, content.Bytes);
                await upsert.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            return true;
        }, ct);
    }

    public Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        StoreKeys.RequireScope(orgId, cycleId, scope);
        return RunAsync(async c =>
        {
            // One snapshot for the item and its contents, so a concurrent replacement is never mixed in.
            await using var tx = c.BeginTransaction(deferred: true);
            StoredReport? report;
            await using (var read = Command(c, "SELECT meta FROM report_items WHERE org_id = $p0 AND cycle_id = $p1 AND scope = $p2", orgId, cycleId, scope))
            {
                report = await read.ExecuteScalarAsync(ct) is string meta ? JsonSerializer.Deserialize<StoredReport>(meta, StoreJson.Options) : null;
            }

            if (report is null)
                return null;
            var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            await using (var contents = Command(c, "SELECT format, bytes FROM report_contents WHERE org_id = $p0 AND cycle_id = $p1 AND scope = $p2", orgId, cycleId, scope))
            await using (var reader = await contents.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                    bytes[reader.GetString(0)] = (byte[])reader.GetValue(1);
            }

            await tx.CommitAsync(ct);
            return report with { Contents = report.Contents.Select(x => x with { Bytes = bytes.GetValueOrDefault(x.Format) }).ToArray() };
        }, ct);
    }

    public Task<IReadOnlyList<string>> ListReportScopesAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync<IReadOnlyList<string>>(async c =>
        {
            await using var command = Command(c, "SELECT scope FROM report_items WHERE org_id = $p0 AND cycle_id = $p1", orgId, cycleId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var scopes = new List<string>();
            while (await reader.ReadAsync(ct))
                scopes.Add(reader.GetString(0));
            scopes.Sort(StringComparer.Ordinal);
            return scopes;
        }, ct);
    }

    public Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        StoreKeys.RequireScope(orgId, cycleId, scope);
        return RunAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            int deleted;
            await using (var item = Command(c, "DELETE FROM report_items WHERE org_id = $p0 AND cycle_id = $p1 AND scope = $p2", orgId, cycleId, scope))
                deleted = await item.ExecuteNonQueryAsync(ct);
            await using (var contents = Command(c, "DELETE FROM report_contents WHERE org_id = $p0 AND cycle_id = $p1 AND scope = $p2", orgId, cycleId, scope))
                await contents.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            return deleted == 1;
        }, ct);
    }

    public Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var lease = new ReportLease(orgId, cycleId, ReportStoreItems.NewLeaseToken(), now + duration);
        return RunAsync(async c =>
        {
            // Inserted when absent; taken over only when the holder's lease has expired.
            await using var command = Command(c, """
                INSERT INTO report_leases (org_id, cycle_id, token, expires_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT (org_id, cycle_id) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
                WHERE report_leases.expires_at <= $p4
                """, orgId, cycleId, lease.Token, lease.ExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(ct) == 1 ? lease : null;
        }, ct);
    }

    public Task<ReportLease?> RenewLeaseAsync(ReportLease lease, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var renewed = lease with { ExpiresAt = now + duration };
        return RunAsync(async c =>
        {
            await using var command = Command(c, "UPDATE report_leases SET expires_at = $p0 WHERE org_id = $p1 AND cycle_id = $p2 AND token = $p3",
                renewed.ExpiresAt.ToUnixTimeMilliseconds(), lease.OrgId, lease.CycleId, lease.Token);
            return await command.ExecuteNonQueryAsync(ct) == 1 ? renewed : null;
        }, ct);
    }

    public Task ReleaseLeaseAsync(ReportLease lease, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return RunAsync(async c =>
        {
            await using var command = Command(c, "DELETE FROM report_leases WHERE org_id = $p0 AND cycle_id = $p1 AND token = $p2",
                lease.OrgId, lease.CycleId, lease.Token);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<ReportRequest?> TryAddPendingRequestAsync(ReportRequest request, DateTimeOffset staleBefore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.RequireCycle(request.OrgId, request.CycleId);
        var json = JsonSerializer.Serialize(request, StoreJson.Options);
        return RunAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            int taken;
            // Inserted when absent; taken over only when the pending request is stale.
            await using (var pending = Command(c, """
                INSERT INTO report_pending (org_id, cycle_id, request_id, queued_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT (org_id, cycle_id) DO UPDATE SET request_id = excluded.request_id, queued_at = excluded.queued_at
                WHERE report_pending.queued_at <= $p4
                """, request.OrgId, request.CycleId, request.Id, request.QueuedAt.ToUnixTimeMilliseconds(), staleBefore.ToUnixTimeMilliseconds()))
            {
                taken = await pending.ExecuteNonQueryAsync(ct);
            }

            ReportRequest? existing = null;
            if (taken == 1)
            {
                await using var save = Command(c, """
                    INSERT INTO report_requests (org_id, cycle_id, id, json) VALUES ($p0, $p1, $p2, $p3)
                    ON CONFLICT (org_id, cycle_id, id) DO UPDATE SET json = excluded.json
                    """, request.OrgId, request.CycleId, request.Id, json);
                await save.ExecuteNonQueryAsync(ct);
            }
            else
            {
                await using var read = Command(c, """
                    SELECT r.json FROM report_pending p JOIN report_requests r ON r.org_id = p.org_id AND r.cycle_id = p.cycle_id AND r.id = p.request_id
                    WHERE p.org_id = $p0 AND p.cycle_id = $p1
                    """, request.OrgId, request.CycleId);
                existing = await read.ExecuteScalarAsync(ct) is string found ? JsonSerializer.Deserialize<ReportRequest>(found, StoreJson.Options) : null;
            }

            await tx.CommitAsync(ct);
            return existing;
        }, ct);
    }

    public Task ClearPendingRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync(async c =>
        {
            await using var command = Command(c, "DELETE FROM report_pending WHERE org_id = $p0 AND cycle_id = $p1 AND request_id = $p2", orgId, cycleId, requestId);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task SaveRequestAsync(ReportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.RequireCycle(request.OrgId, request.CycleId);
        var json = JsonSerializer.Serialize(request, StoreJson.Options);
        return RunAsync(async c =>
        {
            await using var command = Command(c, """
                INSERT INTO report_requests (org_id, cycle_id, id, json) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT (org_id, cycle_id, id) DO UPDATE SET json = excluded.json
                """, request.OrgId, request.CycleId, request.Id, json);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<ReportRequest?> GetRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync(async c =>
        {
            await using var command = Command(c, "SELECT json FROM report_requests WHERE org_id = $p0 AND cycle_id = $p1 AND id = $p2", orgId, cycleId, requestId);
            return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<ReportRequest>(json, StoreJson.Options) : null;
        }, ct);
    }

    public Task<IReadOnlyList<ReportRequest>> ListRequestsAsync(string orgId, string cycleId, int count, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync<IReadOnlyList<ReportRequest>>(async c =>
        {
            await using var command = Command(c, "SELECT json FROM report_requests WHERE org_id = $p0 AND cycle_id = $p1 ORDER BY id DESC LIMIT $p2", orgId, cycleId, count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var requests = new List<ReportRequest>();
            while (await reader.ReadAsync(ct))
                requests.Add(JsonSerializer.Deserialize<ReportRequest>(reader.GetString(0), StoreJson.Options)!);
            return requests;
        }, ct);
    }

    private Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct) => _file.RunAsync(work, ct);

    private static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] values) =>
        SqliteStoreFile.Command(connection, sql, values);
}
