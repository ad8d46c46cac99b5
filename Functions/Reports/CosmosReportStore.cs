using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Cosmos;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// The report store on Cosmos DB: container <c>reports</c>, partition "{orgId}|{cycleId}", so each
/// cycle's reports, run record and lease share one partition. Items: "report:{scope}" (metadata plus
/// the contents, gzip + base64 under <c>body</c>, as far as they fit in <see cref="InlineBudgetBytes"/>),
/// "run" and "lease". Only point operations with If-Match and one single-partition query.
/// </summary>
public sealed class CosmosReportStore(CosmosClient client, CosmosStoreOptions options) : IReportStore
{
    /// <summary>Encoded content kept inside one item (a Cosmos DB item may hold 2 MB).</summary>
    public const int InlineBudgetBytes = 1_500_000;

    private const string RunId = "run";
    private const string LeaseId = "lease";
    private const string ScopeQuery = "SELECT c.scope FROM c WHERE c.pk = @pk AND c.type = @type";

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly Container _reports = client.GetContainer(options.Database, CosmosLayout.Reports);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (!options.CreateIfMissing)
            return;
        await Guard(async () =>
        {
            Database database = await client.CreateDatabaseIfNotExistsAsync(options.Database, cancellationToken: ct);
            await database.CreateContainerIfNotExistsAsync(CosmosSurveyStore.ContainerDefinition(CosmosLayout.Reports), cancellationToken: ct);
            return true;
        }, ct);
    }

    public Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        SqliteReportStore.RequireCycleKeys(orgId, cycleId);
        return Guard(async () => (await ReadAsync<RunDocument>(RunId, Partition(orgId, cycleId), ct))?.Run, ct);
    }

    public Task SaveRunAsync(ReportRun run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        SqliteReportStore.RequireCycleKeys(run.OrgId, run.CycleId);
        var pk = CosmosLayout.CyclePartition(run.OrgId, run.CycleId);
        return Guard(() => _reports.UpsertItemAsync(new RunDocument { Pk = pk, Run = run }, new PartitionKey(pk), NoContent, ct), ct);
    }

    public Task SaveReportAsync(StoredReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        SqliteReportStore.RequireScopeKeys(report.OrgId, report.CycleId, report.Scope);
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

        var document = new ReportDocument { Id = ReportItemId(report.Scope), Pk = pk, Scope = report.Scope, Report = SqliteReportStore.WithoutBytes(report), Body = body };
        return Guard(() => _reports.UpsertItemAsync(document, new PartitionKey(pk), NoContent, ct), ct);
    }

    public Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        SqliteReportStore.RequireScopeKeys(orgId, cycleId, scope);
        return Guard(async () =>
        {
            var document = await ReadAsync<ReportDocument>(ReportItemId(scope), Partition(orgId, cycleId), ct);
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
        SqliteReportStore.RequireCycleKeys(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        return Guard<IReadOnlyList<string>>(async () =>
        {
            var query = new QueryDefinition(ScopeQuery).WithParameter("@pk", pk).WithParameter("@type", ReportDocument.DocumentType);
            using var iterator = _reports.GetItemQueryIterator<ScopeRow>(query,
                requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(pk), MaxItemCount = 1_000 });
            var scopes = new List<string>();
            while (iterator.HasMoreResults)
                scopes.AddRange((await iterator.ReadNextAsync(ct)).Select(r => r.Scope));
            scopes.Sort(StringComparer.Ordinal);
            return scopes;
        }, ct);
    }

    public Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        SqliteReportStore.RequireScopeKeys(orgId, cycleId, scope);
        return Guard(async () =>
        {
            using var response = await _reports.DeleteItemStreamAsync(ReportItemId(scope), Partition(orgId, cycleId), cancellationToken: ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            response.EnsureSuccessStatusCode();
            return true;
        }, ct);
    }

    /// <remarks>Created when absent (409: someone was first); taken over with If-Match only once expired (412: someone was first).</remarks>
    public Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        SqliteReportStore.RequireCycleKeys(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        var lease = new ReportLease(orgId, cycleId, SqliteReportStore.NewToken(), now + duration);
        return Guard(async () =>
        {
            var current = await ReadAsync<LeaseDocument>(LeaseId, new PartitionKey(pk), ct);
            var document = LeaseDocument.From(pk, lease);
            try
            {
                if (current is null)
                    await _reports.CreateItemAsync(document, new PartitionKey(pk), NoContent, ct);
                else if (current.ExpiresAt <= now.ToUnixTimeMilliseconds())
                    await _reports.ReplaceItemAsync(document, LeaseId, new PartitionKey(pk), IfMatch(current.ETag), ct);
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
        return Guard(async () =>
        {
            var current = await ReadAsync<LeaseDocument>(LeaseId, new PartitionKey(pk), ct);
            if (current is null || current.Token != lease.Token)
                return null;
            try
            {
                await _reports.ReplaceItemAsync(LeaseDocument.From(pk, renewed), LeaseId, new PartitionKey(pk), IfMatch(current.ETag), ct);
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
        var pk = new PartitionKey(CosmosLayout.CyclePartition(lease.OrgId, lease.CycleId));
        return Guard(async () =>
        {
            var current = await ReadAsync<LeaseDocument>(LeaseId, pk, ct);
            if (current is null || current.Token != lease.Token)
                return false;
            using var response = await _reports.DeleteItemStreamAsync(LeaseId, pk, IfMatch(current.ETag), ct);
            return response.IsSuccessStatusCode; // 412/404: it was taken over meanwhile, nothing to give up
        }, ct);
    }

    private static PartitionKey Partition(string orgId, string cycleId) => new(CosmosLayout.CyclePartition(orgId, cycleId));

    private static string ReportItemId(string scope) => "report:" + scope;

    private static ItemRequestOptions IfMatch(string? etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    private async Task<T?> ReadAsync<T>(string id, PartitionKey pk, CancellationToken ct)
        where T : class
    {
        using var response = await _reports.ReadItemStreamAsync(id, pk, cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(response.Content, StoreJson.Options, ct);
    }

    private static async Task<T> Guard<T>(Func<Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (CosmosSurveyStore.IsTransient(e, ct))
        {
            throw e is CosmosException c
                ? new StoreUnavailableException($"Cosmos DB answered {(int)c.StatusCode} ({c.StatusCode}); retry shortly.", e)
                : new StoreUnavailableException("Cosmos DB cannot be reached; retry shortly.", e);
        }
    }

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

    /// <summary>A scope's latest report: id "report:{scope}".</summary>
    private sealed record ReportDocument
    {
        public const string DocumentType = "report";

        public required string Id { get; init; }
        public required string Pk { get; init; }
        public string Type { get; init; } = DocumentType;

        /// <summary>Top level for the scope query; the metadata is nested.</summary>
        public required string Scope { get; init; }

        public required StoredReport Report { get; init; }

        /// <summary>Format → gzip + base64 content; excluded from indexing (<see cref="CosmosLayout.ExcludedPaths"/>).</summary>
        public required Dictionary<string, string> Body { get; init; }
    }

    private sealed record RunDocument
    {
        public string Id { get; init; } = RunId;
        public required string Pk { get; init; }
        public string Type { get; init; } = "reportRun";
        public required ReportRun Run { get; init; }
    }

    private sealed record LeaseDocument
    {
        public string Id { get; init; } = LeaseId;
        public required string Pk { get; init; }
        public string Type { get; init; } = "reportLease";
        public required string Token { get; init; }

        /// <summary>Unix milliseconds.</summary>
        public required long ExpiresAt { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static LeaseDocument From(string pk, ReportLease lease) =>
            new() { Pk = pk, Token = lease.Token, ExpiresAt = lease.ExpiresAt.ToUnixTimeMilliseconds() };
    }
}
