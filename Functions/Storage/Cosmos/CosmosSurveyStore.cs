using System.Buffers;
using System.Collections.ObjectModel;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>Where the Cosmos DB store keeps its data and whether it may create it.</summary>
public sealed record CosmosStoreOptions
{
    public string Database { get; init; } = CosmosLayout.DefaultDatabase;

    /// <summary>Create the database and containers in <see cref="ISurveyStore.InitializeAsync"/> (local runs, tests).</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>Upper bound of one roster chunk's JSON; a Cosmos DB item may hold 2 MB.</summary>
    public int RosterChunkBytes { get; init; } = 1_000_000;

    public static CosmosStoreOptions FromConfiguration(IConfiguration configuration) => new()
    {
        Database = configuration[Settings.CosmosDatabase] is { Length: > 0 } name ? name : CosmosLayout.DefaultDatabase,
        CreateIfMissing = CosmosClientFactory.IsTrue(configuration[Settings.CosmosCreateIfMissing]),
    };
}

/// <summary>
/// The production store on Cosmos DB (NoSQL API), laid out as <see cref="CosmosLayout"/> says. Every
/// call names its partition key; reads are point reads or one single-partition query; a submission
/// is one upsert. Only plain CRUD, If-Match and simple queries are used (no batch, bulk, change feed,
/// ORDER BY or aggregates), so the same code runs against the local emulator.
/// </summary>
public sealed class CosmosSurveyStore : ISurveyStore
{
    private const int RosterAttempts = 5;
    private const int ChunkParallelism = 4;
    private const string PartitionQuery = "SELECT * FROM c WHERE c.pk = @pk AND c.type = @type";

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly CosmosClient _client;
    private readonly CosmosStoreOptions _options;
    private readonly ILogger _logger;
    private readonly Container _orgs;
    private readonly Container _submissions;
    private Task<AccountProperties>? _firstContact;

    public CosmosSurveyStore(CosmosClient client, CosmosStoreOptions options, ILogger<CosmosSurveyStore>? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.RosterChunkBytes < 1_024)
            throw new ArgumentOutOfRangeException(nameof(options), "RosterChunkBytes must be at least 1 KB.");
        _logger = logger ?? NullLogger<CosmosSurveyStore>.Instance;
        _orgs = client.GetContainer(options.Database, CosmosLayout.Orgs);
        _submissions = client.GetContainer(options.Database, CosmosLayout.Submissions);
    }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (!_options.CreateIfMissing)
            return;
        try
        {
            Database database = await _client.CreateDatabaseIfNotExistsAsync(_options.Database, cancellationToken: ct);
            foreach (var name in new[] { CosmosLayout.Orgs, CosmosLayout.Submissions, CosmosLayout.Reports })
                await database.CreateContainerIfNotExistsAsync(ContainerDefinition(name), cancellationToken: ct);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Container properties as the Bicep template declares them: /pk, large arrays not indexed.</summary>
    public static ContainerProperties ContainerDefinition(string name)
    {
        var properties = new ContainerProperties(name, CosmosLayout.PartitionKeyPath);
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        foreach (var path in CosmosLayout.ExcludedPaths.GetValueOrDefault(name, []))
            properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = path });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/\"_etag\"/?" });
        return properties;
    }

    // ---- Roster -------------------------------------------------------------------------------

    /// <remarks>
    /// Atomic without a transaction: the new version's chunks are written first under fresh ids,
    /// then the pointer item is flipped with If-Match (created when absent); only then are the
    /// previous version's chunks deleted, best effort (an orphaned chunk is never read).
    /// </remarks>
    public async Task ReplaceRosterAsync(Roster roster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        StoreKeys.Require(roster.OrgId, "organization id");
        var pk = new PartitionKey(roster.OrgId);
        var version = Guid.NewGuid().ToString("N");
        var chunks = RosterChunks.Build(roster, version, _options.RosterChunkBytes);
        try
        {
            await FirstContactAsync(ct);
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
                new PartitionKey(CosmosLayout.OrgRegistryPartition), NoContent, ct);

            if (displaced is not null)
                await DeleteChunksAsync(roster.OrgId, displaced.Version, displaced.ChunkCount);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Makes <paramref name="pointer"/> current; returns the pointer it displaced, if any.</summary>
    private async Task<RosterPointerDocument?> FlipPointerAsync(RosterPointerDocument pointer, PartitionKey pk, CancellationToken ct)
    {
        for (var attempt = 0; attempt < RosterAttempts; attempt++)
        {
            var current = await ReadItemAsync<RosterPointerDocument>(_orgs, RosterPointerDocument.ItemId, pk, ct);
            try
            {
                if (current is null)
                    await _orgs.CreateItemAsync(pointer, pk, NoContent, ct);
                else
                    await _orgs.ReplaceItemAsync(pointer, RosterPointerDocument.ItemId, pk,
                        new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, ct);
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
            _logger.LogWarning(e, "Chunks of roster version {Version} of {OrgId} were left behind; they are never read.", version, orgId);
        }
    }

    /// <remarks>
    /// Reads the pointer, then its chunks. A chunk that vanished means a replacement finished in
    /// between and removed the old version: start over from the new pointer.
    /// </remarks>
    public async Task<Roster?> GetRosterAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        var pk = new PartitionKey(orgId);
        try
        {
            await FirstContactAsync(ct);
            for (var attempt = 0; attempt < RosterAttempts; attempt++)
            {
                var pointer = await ReadItemAsync<RosterPointerDocument>(_orgs, RosterPointerDocument.ItemId, pk, ct);
                if (pointer is null)
                    return null;
                var chunks = new RosterChunkDocument?[pointer.ChunkCount];
                await Parallel.ForEachAsync(Enumerable.Range(0, pointer.ChunkCount),
                    new ParallelOptions { MaxDegreeOfParallelism = ChunkParallelism, CancellationToken = ct },
                    async (index, token) => chunks[index] = await ReadItemAsync<RosterChunkDocument>(_orgs, pointer.ChunkId(index), pk, token));
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
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
        throw new StoreUnavailableException($"The roster of '{orgId}' is being replaced; retry shortly.");
    }

    public async Task<IReadOnlyList<string>> ListOrganizationsAsync(CancellationToken ct = default)
    {
        try
        {
            await FirstContactAsync(ct);
            var registry = await QueryPartitionAsync<OrganizationDocument>(_orgs, CosmosLayout.OrgRegistryPartition, DocumentType.Organization, ct);
            return SurveyStoreOrder.Organizations(registry.Select(o => o.OrgId).ToList());
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    // ---- Cycles -------------------------------------------------------------------------------

    public async Task<Cycle> CreateCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        try
        {
            await FirstContactAsync(ct);
            var response = await _orgs.CreateItemAsync(CycleItems.ToItem(cycle), new PartitionKey(cycle.OrgId), NoContent, ct);
            return cycle with { ETag = response.ETag };
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new StoreConflictException($"Cycle '{cycle.Id}' already exists in organization '{cycle.OrgId}'.");
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<Cycle?> GetCycleAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        try
        {
            await FirstContactAsync(ct);
            var item = await ReadItemAsync<JsonObject>(_orgs, CycleItems.ItemId(cycleId), new PartitionKey(orgId), ct);
            return item is null ? null : CycleItems.FromItem(item);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<IReadOnlyList<Cycle>> ListCyclesAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        try
        {
            await FirstContactAsync(ct);
            var items = await QueryPartitionAsync<JsonObject>(_orgs, orgId, DocumentType.Cycle, ct);
            return SurveyStoreOrder.Cycles(items.Select(CycleItems.FromItem).ToList());
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<Cycle> ReplaceCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        if (string.IsNullOrEmpty(cycle.ETag))
            throw new ArgumentException("A cycle is replaced only with the ETag it was read with.", nameof(cycle));
        try
        {
            await FirstContactAsync(ct);
            var response = await _orgs.ReplaceItemAsync(CycleItems.ToItem(cycle), CycleItems.ItemId(cycle.Id), new PartitionKey(cycle.OrgId),
                new ItemRequestOptions { IfMatchEtag = cycle.ETag, EnableContentResponseOnWrite = false }, ct);
            return cycle with { ETag = response.ETag };
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StoreConcurrencyException($"Cycle '{cycle.Id}' of organization '{cycle.OrgId}' changed since it was read.");
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    // ---- Submissions --------------------------------------------------------------------------

    /// <summary>Exactly one request: an upsert by (partition "{org}|{cycle}", id = respondent).</summary>
    public async Task UpsertSubmissionAsync(Submission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        var document = SubmissionDocument.From(submission);
        try
        {
            await FirstContactAsync(ct);
            await _submissions.UpsertItemAsync(document, new PartitionKey(document.Pk), NoContent, ct);
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<Submission?> GetSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        try
        {
            await FirstContactAsync(ct);
            var document = await ReadItemAsync<SubmissionDocument>(_submissions, respondentId,
                new PartitionKey(CosmosLayout.CyclePartition(orgId, cycleId)), ct);
            return document?.ToSubmission();
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        try
        {
            await FirstContactAsync(ct);
            var documents = await QueryPartitionAsync<SubmissionDocument>(_submissions, CosmosLayout.CyclePartition(orgId, cycleId),
                DocumentType.Submission, ct);
            return SurveyStoreOrder.Submissions(documents.Select(d => d.ToSubmission()).ToList());
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public async Task<bool> DeleteSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        try
        {
            await FirstContactAsync(ct);
            using var response = await _submissions.DeleteItemStreamAsync(respondentId,
                new PartitionKey(CosmosLayout.CyclePartition(orgId, cycleId)), cancellationToken: ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return false;
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------

    /// <summary>
    /// Waits, at most <see cref="CosmosClientFactory.OperationBudget"/>, for the SDK's first contact
    /// with the account. The SDK makes that contact before its first operation, outside the
    /// operation's cancellation and budget, so a database already hung when the app starts would
    /// hold every request behind it for minutes; here they get a <see cref="TimeoutException"/>
    /// (a 503) in time instead. Once made, the check is one field read. A failed contact is tried
    /// again by the next request.
    /// </summary>
    private Task FirstContactAsync(CancellationToken ct)
    {
        var contact = Volatile.Read(ref _firstContact);
        if (contact is { IsCompletedSuccessfully: true })
            return Task.CompletedTask;
        if (contact is null || contact.IsFaulted || contact.IsCanceled)
        {
            var attempt = _client.ReadAccountAsync();
            // Nobody may be waiting any more when an attempt fails: its exception is observed here.
            _ = attempt.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var seen = Interlocked.CompareExchange(ref _firstContact, attempt, contact);
            contact = ReferenceEquals(seen, contact) ? attempt : seen!;
        }

        return contact.WaitAsync(CosmosClientFactory.OperationBudget, ct);
    }

    /// <summary>A point read; null on 404 (without the cost of an exception).</summary>
    private static async Task<T?> ReadItemAsync<T>(Container container, string id, PartitionKey pk, CancellationToken ct)
        where T : class
    {
        using var response = await container.ReadItemStreamAsync(id, pk, cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(response.Content, StoreJson.Options, ct);
    }

    /// <summary>Every item of one type in one partition: one single-partition query (paged).</summary>
    private static async Task<List<T>> QueryPartitionAsync<T>(Container container, string partition, string type, CancellationToken ct)
    {
        var query = new QueryDefinition(PartitionQuery).WithParameter("@pk", partition).WithParameter("@type", type);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(partition), MaxItemCount = 1_000 };
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
            results.AddRange(await iterator.ReadNextAsync(ct));
        return results;
    }

    /// <summary>
    /// Failures worth a retry later: unreachable, overloaded (429 after the SDK's own retries),
    /// timed out, or a moved/retry-with replica. The caller's own cancellation is not one.
    /// </summary>
    internal static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        CosmosException c => c.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
            or HttpStatusCode.RequestTimeout or HttpStatusCode.Gone or (HttpStatusCode)449,
        OperationCanceledException => !ct.IsCancellationRequested,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    private static StoreUnavailableException Unavailable(Exception e) => e switch
    {
        CosmosException c => new($"Cosmos DB answered {(int)c.StatusCode} ({c.StatusCode}); retry shortly.", e),
        _ => new("Cosmos DB cannot be reached; retry shortly.", e),
    };

    /// <summary>Cycle items: the cycle's own fields plus id "cycle:{cycleId}", pk = orgId and type.</summary>
    private static class CycleItems
    {
        private static readonly string[] SystemProperties = ["id", "pk", "type", "_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"];

        public static string ItemId(string cycleId) => "cycle:" + cycleId;

        public static JsonObject ToItem(Cycle cycle)
        {
            var item = JsonSerializer.SerializeToNode(cycle with { ETag = null }, StoreJson.Options)!.AsObject();
            item.Remove("id");
            item["cycleId"] = cycle.Id;
            item["id"] = ItemId(cycle.Id);
            item["pk"] = cycle.OrgId;
            item["type"] = DocumentType.Cycle;
            return item;
        }

        public static Cycle FromItem(JsonObject item)
        {
            var etag = (string?)item["_etag"];
            foreach (var name in SystemProperties)
                item.Remove(name);
            if (item["cycleId"] is { } id)
            {
                item.Remove("cycleId");
                item["id"] = id;
            }
            return item.Deserialize<Cycle>(StoreJson.Options)! with { ETag = etag };
        }
    }

    /// <summary>Splits a roster into chunk items of at most the budget, each written as raw JSON.</summary>
    private static class RosterChunks
    {
        public static ReadOnlyCollection<byte[]> Build(Roster roster, string version, int budget)
        {
            var chunks = new List<byte[]>();
            var teams = new List<byte[]>();
            var people = new List<byte[]>();
            var size = 0;
            const int envelope = 512; // id, pk, type, version, index and the brackets

            void Flush()
            {
                chunks.Add(Write(roster.OrgId, version, chunks.Count, teams, people));
                teams.Clear();
                people.Clear();
                size = 0;
            }

            void Add(List<byte[]> into, byte[] json)
            {
                if (size > 0 && envelope + size + json.Length + 1 > budget)
                    Flush();
                into.Add(json);
                size += json.Length + 1;
            }

            foreach (var team in roster.Teams)
                Add(teams, JsonSerializer.SerializeToUtf8Bytes(team, StoreJson.Options));
            foreach (var person in roster.People)
                Add(people, JsonSerializer.SerializeToUtf8Bytes(person, StoreJson.Options));
            if (size > 0 || chunks.Count == 0)
                Flush();
            return chunks.AsReadOnly();
        }

        private static byte[] Write(string orgId, string version, int index, List<byte[]> teams, List<byte[]> people)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("id", RosterChunkDocument.IdFor(version, index));
                writer.WriteString("pk", orgId);
                writer.WriteString("type", DocumentType.RosterChunk);
                writer.WriteString("version", version);
                writer.WriteNumber("index", index);
                writer.WriteStartArray("teams");
                foreach (var team in teams)
                    writer.WriteRawValue(team, skipInputValidation: true);
                writer.WriteEndArray();
                writer.WriteStartArray("people");
                foreach (var person in people)
                    writer.WriteRawValue(person, skipInputValidation: true);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }
}
