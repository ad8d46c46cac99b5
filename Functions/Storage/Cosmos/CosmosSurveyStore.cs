using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// The production store on Cosmos DB (NoSQL API), laid out as <see cref="CosmosLayout"/> says. Every
/// call names its partition key; reads are point reads or one single-partition query; a submission
/// is one upsert. Only plain CRUD, If-Match and simple queries are used (no batch, bulk, change feed,
/// ORDER BY or aggregates), so the same code runs against the local emulator.
/// </summary>
public sealed partial class CosmosSurveyStore : ISurveyStore
{
    private const int RosterAttempts = 5;
    private const int ChunkParallelism = 4;
    private const string PartitionQuery = "SELECT * FROM c WHERE c.pk = @pk AND c.type = @type";

    private readonly CosmosClient _client;
    private readonly CosmosStoreOptions _options;
    private readonly ILogger _logger;
    private readonly CosmosCalls _calls;
    private readonly Container _orgs;
    private readonly Container _submissions;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chunks of roster version {Version} of {OrgId} were left behind; they are never read.")]
    private static partial void LogChunksLeft(ILogger logger, Exception exception, string version, string orgId);

    public CosmosSurveyStore(CosmosClient client, CosmosStoreOptions options, ILogger<CosmosSurveyStore>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.RosterChunkBytes < 1_024)
            throw new ArgumentOutOfRangeException(nameof(options), "RosterChunkBytes must be at least 1 KB.");
        _logger = logger ?? NullLogger<CosmosSurveyStore>.Instance;
        _calls = new CosmosCalls(client);
        _orgs = client.GetContainer(options.Database, CosmosLayout.Orgs);
        _submissions = client.GetContainer(options.Database, CosmosLayout.Submissions);
    }

    public Task InitializeAsync(CancellationToken ct = default) =>
        _options.CreateIfMissing
            ? _calls.RunAsync(() => CosmosLayout.CreateIfMissingAsync(_client, _options.Database, [CosmosLayout.Orgs, CosmosLayout.Submissions], ct), ct)
            : Task.CompletedTask;

    // ---- Roster -------------------------------------------------------------------------------

    public Task ReplaceRosterAsync(Roster roster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        StoreKeys.Require(roster.OrgId, "organization id");
        return _calls.RunAsync(() => ReplaceRosterCoreAsync(roster, ct), ct);
    }

    /// <remarks>
    /// Atomic without a transaction: the new version's chunks are written first under fresh ids,
    /// then the pointer item is flipped with If-Match (created when absent); only then are the
    /// previous version's chunks deleted, best effort (an orphaned chunk is never read).
    /// </remarks>
    private async Task ReplaceRosterCoreAsync(Roster roster, CancellationToken ct)
    {
        var pk = new PartitionKey(roster.OrgId);
        var version = Guid.NewGuid().ToString("N");
        var chunks = RosterChunks.Build(roster, version, _options.RosterChunkBytes);
        try
        {
            await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = ChunkParallelism, CancellationToken = ct },
                async (chunk, token) =>
                {
                    using var body = new MemoryStream(chunk, writable: false);
                    using var response = await _orgs.CreateItemStreamAsync(body, pk, cancellationToken: token);
                    response.EnsureSuccessStatusCode();
                });
        }
        catch
        {
            await DeleteChunksAsync(roster.OrgId, version, chunks.Count);
            throw;
        }

        var pointer = new RosterPointerDocument
        {
            Pk = roster.OrgId,
            OrgId = roster.OrgId,
            Version = version,
            ChunkCount = chunks.Count,
            PeopleCount = roster.People.Count,
            TeamCount = roster.Teams.Count,
            UpdatedAt = roster.UpdatedAt,
        };
        RosterPointerDocument? displaced;
        try
        {
            displaced = await FlipPointerAsync(pointer, pk, ct);
        }
        catch (StoreConcurrencyException)
        {
            await DeleteChunksAsync(roster.OrgId, version, chunks.Count);
            throw;
        }
        // Any other failure of the flip leaves the new chunks alone: the flip may have happened.

        await _orgs.UpsertItemAsync(
            new OrganizationDocument { Id = roster.OrgId, OrgId = roster.OrgId, RosterUpdatedAt = roster.UpdatedAt },
            new PartitionKey(CosmosLayout.OrgRegistryPartition), CosmosCalls.NoContent, ct);

        if (displaced is not null)
            await DeleteChunksAsync(roster.OrgId, displaced.Version, displaced.ChunkCount);
    }

    /// <summary>Makes <paramref name="pointer"/> current; returns the pointer it displaced, if any.</summary>
    private async Task<RosterPointerDocument?> FlipPointerAsync(RosterPointerDocument pointer, PartitionKey pk, CancellationToken ct)
    {
        for (var attempt = 0; attempt < RosterAttempts; attempt++)
        {
            var current = await CosmosCalls.ReadItemAsync<RosterPointerDocument>(_orgs, RosterPointerDocument.ItemId, pk, ct);
            try
            {
                if (current is null)
                    await _orgs.CreateItemAsync(pointer, pk, CosmosCalls.NoContent, ct);
                else
                    await _orgs.ReplaceItemAsync(pointer, RosterPointerDocument.ItemId, pk, CosmosCalls.IfMatch(current.ETag), ct);
                return current;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                // Another replacement won the race; ours goes on top of it (last writer wins).
            }
        }
        throw new StoreConcurrencyException($"The roster of '{pointer.OrgId}' kept changing; it was not replaced.");
    }

    private async Task DeleteChunksAsync(string orgId, string version, int count)
    {
        var pk = new PartitionKey(orgId);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = ChunkParallelism },
                async (index, token) =>
                {
                    using var _ = await _orgs.DeleteItemStreamAsync(RosterChunkDocument.IdFor(version, index), pk, cancellationToken: token);
                });
        }
        catch (Exception e)
        {
            LogChunksLeft(_logger, e, version, orgId);
        }
    }

    /// <remarks>
    /// Reads the pointer, then its chunks. A chunk that vanished means a replacement finished in
    /// between and removed the old version: start over from the new pointer.
    /// </remarks>
    public Task<Roster?> GetRosterAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        var pk = new PartitionKey(orgId);
        return _calls.RunAsync(async () =>
        {
            for (var attempt = 0; attempt < RosterAttempts; attempt++)
            {
                var pointer = await CosmosCalls.ReadItemAsync<RosterPointerDocument>(_orgs, RosterPointerDocument.ItemId, pk, ct);
                if (pointer is null)
                    return null;
                var chunks = new RosterChunkDocument?[pointer.ChunkCount];
                await Parallel.ForEachAsync(Enumerable.Range(0, pointer.ChunkCount),
                    new ParallelOptions { MaxDegreeOfParallelism = ChunkParallelism, CancellationToken = ct },
                    async (index, token) => chunks[index] = await CosmosCalls.ReadItemAsync<RosterChunkDocument>(_orgs, pointer.ChunkId(index), pk, token));
                if (chunks.Any(c => c is null))
                    continue;
                var teams = new List<Team>(pointer.TeamCount);
                var people = new List<Person>(pointer.PeopleCount);
                foreach (var chunk in chunks)
                {
                    teams.AddRange(chunk!.Teams);
                    people.AddRange(chunk.People);
                }
                return new Roster(pointer.OrgId, teams, people, pointer.UpdatedAt);
            }
            throw new StoreUnavailableException($"The roster of '{orgId}' is being replaced; retry shortly.");
        }, ct);
    }

    public Task<IReadOnlyList<string>> ListOrganizationsAsync(CancellationToken ct = default) =>
        _calls.RunAsync<IReadOnlyList<string>>(async () =>
        {
            var registry = await QueryPartitionAsync<OrganizationDocument>(_orgs, CosmosLayout.OrgRegistryPartition, DocumentType.Organization, ct);
            return SurveyStoreOrder.Organizations(registry.Select(o => o.OrgId).ToList());
        }, ct);

    // ---- Cycles -------------------------------------------------------------------------------

    public Task<Cycle> CreateCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        return _calls.RunAsync(async () =>
        {
            try
            {
                var response = await _orgs.CreateItemAsync(CycleItems.ToItem(cycle), new PartitionKey(cycle.OrgId), CosmosCalls.NoContent, ct);
                return cycle with { ETag = response.ETag };
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                throw new StoreConflictException($"Cycle '{cycle.Id}' already exists in organization '{cycle.OrgId}'.");
            }
        }, ct);
    }

    public Task<Cycle?> GetCycleAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _calls.RunAsync(async () =>
        {
            var item = await CosmosCalls.ReadItemAsync<JsonObject>(_orgs, CycleItems.ItemId(cycleId), new PartitionKey(orgId), ct);
            return item is null ? null : CycleItems.FromItem(item);
        }, ct);
    }

    public Task<IReadOnlyList<Cycle>> ListCyclesAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        return _calls.RunAsync<IReadOnlyList<Cycle>>(async () =>
        {
            var items = await QueryPartitionAsync<JsonObject>(_orgs, orgId, DocumentType.Cycle, ct);
            return SurveyStoreOrder.Cycles(items.Select(CycleItems.FromItem).ToList());
        }, ct);
    }

    public Task<Cycle> ReplaceCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        if (string.IsNullOrEmpty(cycle.ETag))
            throw new ArgumentException("A cycle is replaced only with the ETag it was read with.", nameof(cycle));
        return _calls.RunAsync(async () =>
        {
            try
            {
                var response = await _orgs.ReplaceItemAsync(CycleItems.ToItem(cycle), CycleItems.ItemId(cycle.Id), new PartitionKey(cycle.OrgId),
                    CosmosCalls.IfMatch(cycle.ETag), ct);
                return cycle with { ETag = response.ETag };
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                throw new StoreConcurrencyException($"Cycle '{cycle.Id}' of organization '{cycle.OrgId}' changed since it was read.");
            }
        }, ct);
    }

    // ---- Submissions --------------------------------------------------------------------------

    /// <summary>Exactly one request: an upsert by (partition "{org}|{cycle}", id = respondent).</summary>
    public Task UpsertSubmissionAsync(Submission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        var document = SubmissionDocument.From(submission);
        return _calls.RunAsync(() => _submissions.UpsertItemAsync(document, new PartitionKey(document.Pk), CosmosCalls.NoContent, ct), ct);
    }

    public Task<Submission?> GetSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return _calls.RunAsync(async () =>
        {
            var document = await CosmosCalls.ReadItemAsync<SubmissionDocument>(_submissions, respondentId,
                new PartitionKey(CosmosLayout.CyclePartition(orgId, cycleId)), ct);
            return document?.ToSubmission();
        }, ct);
    }

    public Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _calls.RunAsync<IReadOnlyList<Submission>>(async () =>
        {
            var documents = await QueryPartitionAsync<SubmissionDocument>(_submissions, CosmosLayout.CyclePartition(orgId, cycleId),
                DocumentType.Submission, ct);
            var compactor = new AnswerCompactor();
            var submissions = new List<Submission>(documents.Count);
            for (var i = 0; i < documents.Count; i++)
            {
                submissions.Add(documents[i].ToSubmission(compactor));
                documents[i] = null!; // each document's own lists are garbage once its answer is compacted
            }

            return SurveyStoreOrder.Submissions(submissions);
        }, ct);
    }

    public Task<bool> DeleteSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return _calls.RunAsync(async () =>
        {
            using var response = await _submissions.DeleteItemStreamAsync(respondentId,
                new PartitionKey(CosmosLayout.CyclePartition(orgId, cycleId)), cancellationToken: ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            response.EnsureSuccessStatusCode();
            return true;
        }, ct);
    }

    /// <remarks>
    /// A point read for the item's version and ETag, then a replace with If-Match on that ETag: an
    /// answer stored in between changes the ETag and the replace fails with 412 instead of undoing it.
    /// </remarks>
    public Task<bool> TryReplaceSubmissionAsync(Submission submission, long expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        var document = SubmissionDocument.From(submission);
        var pk = new PartitionKey(document.Pk);
        return _calls.RunAsync(async () =>
        {
            string? etag;
            using (var read = await _submissions.ReadItemStreamAsync(document.Id, pk, cancellationToken: ct))
            {
                if (read.StatusCode == HttpStatusCode.NotFound)
                    return false;
                read.EnsureSuccessStatusCode();
                var stored = await System.Text.Json.JsonSerializer.DeserializeAsync<SubmissionDocument>(read.Content, StoreJson.Options, ct);
                if (stored is null || stored.Version != expectedVersion)
                    return false;
                etag = read.Headers.ETag;
            }

            try
            {
                await _submissions.ReplaceItemAsync(document, document.Id, pk, CosmosCalls.IfMatch(etag), ct);
                return true;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                return false;
            }
        }, ct);
    }

    /// <summary>Nothing to do: deleted items are gone from the service's storage as far as this app can reach.</summary>
    public Task PurgeDeletedAsync(CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>Every item of one type in one partition: one single-partition query (paged).</summary>
    private static Task<List<T>> QueryPartitionAsync<T>(Container container, string partition, string type, CancellationToken ct) =>
        CosmosCalls.QueryPartitionAsync<T>(container,
            new QueryDefinition(PartitionQuery).WithParameter("@pk", partition).WithParameter("@type", type), partition, ct);
}
