using System.IO.Compression;
using System.Net;
using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// The report store on Cosmos DB: container <c>reports</c>, partition "{orgId}|{cycleId}", so each
/// cycle's reports, run record and lease share one partition. Items: "report:{scope}" (metadata plus
/// the contents, gzip + base64 under <c>body</c>, as far as they fit in <see cref="InlineBudgetBytes"/>),
/// "run", "lease", "request:{id}" (queued runs) and "pending". Only point operations with If-Match and two single-partition queries.
/// </summary>
public sealed class CosmosReportStore(CosmosClient client, CosmosStoreOptions options) : IReportStore
{
    /// <summary>Encoded content kept inside one item (a Cosmos DB item may hold 2 MB).</summary>
    public const int InlineBudgetBytes = 1_500_000;

    private const string ScopeQuery = "SELECT c.scope FROM c WHERE c.pk = @pk AND c.type = @type";

    private const string RequestQuery = "SELECT * FROM c WHERE c.pk = @pk AND c.type = @type";

    private readonly CosmosCalls _calls = new(client);
    private readonly Container _reports = client.GetContainer(options.Database, CosmosLayout.Reports);

    public Task InitializeAsync(CancellationToken ct = default) =>
        options.CreateIfMissing
            ? _calls.RunAsync(() => CosmosLayout.CreateIfMissingAsync(client, options.Database, [CosmosLayout.Reports], ct), ct)
            : Task.CompletedTask;

    public Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _calls.RunAsync(async () =>
            (await CosmosCalls.ReadItemAsync<ReportRunDocument>(_reports, ReportRunDocument.ItemId, Partition(orgId, cycleId), ct))?.Run, ct);
    }

    public Task SaveRunAsync(ReportRun run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        StoreKeys.RequireCycle(run.OrgId, run.CycleId);
        var pk = CosmosLayout.CyclePartition(run.OrgId, run.CycleId);
        return _calls.RunAsync(() => _reports.UpsertItemAsync(new ReportRunDocument { Pk = pk, Run = run }, new PartitionKey(pk), CosmosCalls.NoContent, ct), ct);
    }

    public Task SaveReportAsync(StoredReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        StoreKeys.RequireScope(report.OrgId, report.CycleId, report.Scope);
        var pk = CosmosLayout.CyclePartition(report.OrgId, report.CycleId);
        var body = new Dictionary<string, string>(StringComparer.Ordinal);
        var budget = InlineBudgetBytes;
        foreach (var content in report.Contents)
        {
            if (content.Bytes is null)
                continue;
            var encoded = Convert.ToBase64String(Gzip(content.Bytes));
            if (encoded.Length > budget)
                continue; // kept only as its digest; the published copy is read instead
            body[content.Format] = encoded;
            budget -= encoded.Length;
        }

        var document = new ReportDocument
        {
            Id = ReportDocument.IdFor(report.Scope),
            Pk = pk,
            Scope = report.Scope,
            Report = ReportStoreItems.WithoutBytes(report),
            Body = body,
        };
        return _calls.RunAsync(() => _reports.UpsertItemAsync(document, new PartitionKey(pk), CosmosCalls.NoContent, ct), ct);
    }

    public Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        StoreKeys.RequireScope(orgId, cycleId, scope);
        return _calls.RunAsync(async () =>
        {
            var document = await CosmosCalls.ReadItemAsync<ReportDocument>(_reports, ReportDocument.IdFor(scope), Partition(orgId, cycleId), ct);
            if (document is null)
                return null;
            var report = document.Report;
            return report with
            {
                Contents = report.Contents
                    .Select(c => c with { Bytes = document.Body.TryGetValue(c.Format, out var encoded) ? Gunzip(Convert.FromBase64String(encoded)) : null })
                    .ToArray(),
            };
        }, ct);
    }

    public Task<IReadOnlyList<string>> ListReportScopesAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        var query = new QueryDefinition(ScopeQuery).WithParameter("@pk", pk).WithParameter("@type", DocumentType.Report);
        return _calls.RunAsync<IReadOnlyList<string>>(async () =>
        {
            var scopes = (await CosmosCalls.QueryPartitionAsync<ScopeRow>(_reports, query, pk, ct)).ConvertAll(r => r.Scope);
            scopes.Sort(StringComparer.Ordinal);
            return scopes;
        }, ct);
    }

    public Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        StoreKeys.RequireScope(orgId, cycleId, scope);
        return _calls.RunAsync(async () =>
        {
            using var response = await _reports.DeleteItemStreamAsync(ReportDocument.IdFor(scope), Partition(orgId, cycleId), cancellationToken: ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            response.EnsureSuccessStatusCode();
            return true;
        }, ct);
    }

    /// <remarks>Created when absent (409: someone was first); taken over with If-Match only once expired (412: someone was first).</remarks>
    public Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        var lease = new ReportLease(orgId, cycleId, ReportStoreItems.NewLeaseToken(), now + duration);
        return _calls.RunAsync(async () =>
        {
            var current = await CosmosCalls.ReadItemAsync<ReportLeaseDocument>(_reports, ReportLeaseDocument.ItemId, new PartitionKey(pk), ct);
            var document = ReportLeaseDocument.From(pk, lease);
            try
            {
                if (current is null)
                    await _reports.CreateItemAsync(document, new PartitionKey(pk), CosmosCalls.NoContent, ct);
                else if (current.ExpiresAt <= now.ToUnixTimeMilliseconds())
                    await _reports.ReplaceItemAsync(document, ReportLeaseDocument.ItemId, new PartitionKey(pk), CosmosCalls.IfMatch(current.ETag), ct);
                else
                    return null;
                return lease;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);
    }

    public Task<ReportLease?> RenewLeaseAsync(ReportLease lease, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var pk = CosmosLayout.CyclePartition(lease.OrgId, lease.CycleId);
        var renewed = lease with { ExpiresAt = now + duration };
        return _calls.RunAsync(async () =>
        {
            var current = await CosmosCalls.ReadItemAsync<ReportLeaseDocument>(_reports, ReportLeaseDocument.ItemId, new PartitionKey(pk), ct);
            if (current is null || current.Token != lease.Token)
                return null;
            try
            {
                await _reports.ReplaceItemAsync(ReportLeaseDocument.From(pk, renewed), ReportLeaseDocument.ItemId, new PartitionKey(pk),
                    CosmosCalls.IfMatch(current.ETag), ct);
                return renewed;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);
    }

    public Task ReleaseLeaseAsync(ReportLease lease, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var pk = Partition(lease.OrgId, lease.CycleId);
        return _calls.RunAsync(async () =>
        {
            var current = await CosmosCalls.ReadItemAsync<ReportLeaseDocument>(_reports, ReportLeaseDocument.ItemId, pk, ct);
            if (current is null || current.Token != lease.Token)
                return false;
            using var response = await _reports.DeleteItemStreamAsync(ReportLeaseDocument.ItemId, pk, CosmosCalls.IfMatch(current.ETag), ct);
            return response.IsSuccessStatusCode; // 412/404: it was taken over meanwhile, nothing to give up
        }, ct);
    }

    /// <remarks>The pending item is created when absent (409: someone was first) and taken over with If-Match only once stale (412: someone was first).</remarks>
    public Task<ReportRequest?> TryAddPendingRequestAsync(ReportRequest request, DateTimeOffset staleBefore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.RequireCycle(request.OrgId, request.CycleId);
        var pk = CosmosLayout.CyclePartition(request.OrgId, request.CycleId);
        return _calls.RunAsync(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var current = await CosmosCalls.ReadItemAsync<ReportPendingDocument>(_reports, ReportPendingDocument.ItemId, new PartitionKey(pk), ct);
                if (current is not null && current.QueuedAt > staleBefore.ToUnixTimeMilliseconds())
                {
                    var existing = await CosmosCalls.ReadItemAsync<ReportRequestDocument>(_reports, ReportRequestDocument.IdFor(current.RequestId), new PartitionKey(pk), ct);
                    if (existing is not null)
                        return existing.Request;
                }

                // The request first, so a pending item never names a request that is not there.
                await _reports.UpsertItemAsync(RequestDocument(pk, request), new PartitionKey(pk), CosmosCalls.NoContent, ct);
                var pending = new ReportPendingDocument { Pk = pk, RequestId = request.Id, QueuedAt = request.QueuedAt.ToUnixTimeMilliseconds() };
                try
                {
                    if (current is null)
                        await _reports.CreateItemAsync(pending, new PartitionKey(pk), CosmosCalls.NoContent, ct);
                    else
                        await _reports.ReplaceItemAsync(pending, ReportPendingDocument.ItemId, new PartitionKey(pk), CosmosCalls.IfMatch(current.ETag), ct);
                    return null;
                }
                catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
                {
                    // Another caller was first: look again at what it left.
                    await _reports.DeleteItemStreamAsync(ReportRequestDocument.IdFor(request.Id), new PartitionKey(pk), cancellationToken: ct);
                }
            }

            throw new StoreUnavailableException("The cycle's pending report request kept changing; try again.");
        }, ct);
    }

    public Task ClearPendingRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = Partition(orgId, cycleId);
        return _calls.RunAsync(async () =>
        {
            var current = await CosmosCalls.ReadItemAsync<ReportPendingDocument>(_reports, ReportPendingDocument.ItemId, pk, ct);
            if (current is null || current.RequestId != requestId)
                return false;
            using var response = await _reports.DeleteItemStreamAsync(ReportPendingDocument.ItemId, pk, CosmosCalls.IfMatch(current.ETag), ct);
            return response.IsSuccessStatusCode; // 412/404: replaced meanwhile by a newer request, which stays pending
        }, ct);
    }

    public Task SaveRequestAsync(ReportRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreKeys.RequireCycle(request.OrgId, request.CycleId);
        var pk = CosmosLayout.CyclePartition(request.OrgId, request.CycleId);
        return _calls.RunAsync(() => _reports.UpsertItemAsync(RequestDocument(pk, request), new PartitionKey(pk), CosmosCalls.NoContent, ct), ct);
    }

    public Task<ReportRequest?> GetRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _calls.RunAsync(async () =>
            (await CosmosCalls.ReadItemAsync<ReportRequestDocument>(_reports, ReportRequestDocument.IdFor(requestId), Partition(orgId, cycleId), ct))?.Request, ct);
    }

    public Task<IReadOnlyList<ReportRequest>> ListRequestsAsync(string orgId, string cycleId, int count, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        var query = new QueryDefinition(RequestQuery).WithParameter("@pk", pk).WithParameter("@type", DocumentType.ReportRequest);
        return _calls.RunAsync<IReadOnlyList<ReportRequest>>(async () =>
        {
            // Ordered here rather than in the query: a cycle has few requests, and no composite index is needed.
            var rows = await CosmosCalls.QueryPartitionAsync<ReportRequestDocument>(_reports, query, pk, ct);
            return rows.Select(r => r.Request).OrderByDescending(r => r.Id, StringComparer.Ordinal).Take(count).ToArray();
        }, ct);
    }

    private static ReportRequestDocument RequestDocument(string pk, ReportRequest request) =>
        new() { Id = ReportRequestDocument.IdFor(request.Id), Pk = pk, RequestId = request.Id, Request = request };

    private static PartitionKey Partition(string orgId, string cycleId) => new(CosmosLayout.CyclePartition(orgId, cycleId));

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private sealed record ScopeRow(string Scope);
}
