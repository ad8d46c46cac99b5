using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// The message store on Cosmos DB: container <c>messages</c>, partition "{orgId}|{cycleId}", one item
/// per message key (id "{personId}|{kind}|{slot}"); writes carry If-Match, lists are single-partition queries.
/// </summary>
public sealed class CosmosMessageStore(CosmosClient client, CosmosStoreOptions options) : IMessageStore
{
    private const string AllQuery = "SELECT * FROM c WHERE c.pk = @pk";

    // Sorted here rather than in the query: an ORDER BY would need a query plan from the gateway.
    private const string DueQuery = "SELECT * FROM c WHERE c.pk = @pk AND (c.state = 'Queued' OR c.state = 'Claimed') AND c.dueAtMs <= @now";

    private readonly CosmosCalls _calls = new(client);
    private readonly Container _messages = client.GetContainer(options.Database, CosmosLayout.Messages);

    public Task InitializeAsync(CancellationToken ct = default) =>
        options.CreateIfMissing
            ? _calls.RunAsync(() => CosmosLayout.CreateIfMissingAsync(client, options.Database, [CosmosLayout.Messages], ct), ct)
            : Task.CompletedTask;

    public Task<MessageEntry?> GetAsync(MessageKey key, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(key.OrgId, key.CycleId);
        return _calls.RunAsync(async () =>
            (await CosmosCalls.ReadItemAsync<MessageDocument>(_messages, MessageDocument.IdFor(key), Partition(key), ct))?.ToEntry(), ct);
    }

    public Task<MessageEntry?> TryInsertAsync(MessageEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        StoreKeys.RequireCycle(entry.Key.OrgId, entry.Key.CycleId);
        return _calls.RunAsync(async () =>
        {
            try
            {
                var response = await _messages.CreateItemAsync(MessageDocument.From(entry), Partition(entry.Key), CosmosCalls.NoContent, ct);
                return entry with { ETag = response.ETag };
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                return null;
            }
        }, ct);
    }

    public async Task<int> InsertMissingAsync(IReadOnlyList<MessageEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var inserted = 0;
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (entry, token) =>
        {
            if (await TryInsertAsync(entry, token) is not null)
                Interlocked.Increment(ref inserted);
        });
        return inserted;
    }

    public Task<MessageEntry?> TryReplaceAsync(MessageEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        StoreKeys.RequireCycle(entry.Key.OrgId, entry.Key.CycleId);
        if (entry.ETag is null)
            return Task.FromResult<MessageEntry?>(null);
        return _calls.RunAsync(async () =>
        {
            try
            {
                var response = await _messages.ReplaceItemAsync(MessageDocument.From(entry), MessageDocument.IdFor(entry.Key), Partition(entry.Key),
                    CosmosCalls.IfMatch(entry.ETag), ct);
                return entry with { ETag = response.ETag };
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
            {
                return null;
            }
        }, ct);
    }

    public Task<IReadOnlyList<MessageEntry>> ListAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        return _calls.RunAsync<IReadOnlyList<MessageEntry>>(async () =>
            (await CosmosCalls.QueryPartitionAsync<MessageDocument>(_messages, new QueryDefinition(AllQuery).WithParameter("@pk", pk), pk, ct))
                .Select(d => d.ToEntry()).OrderBy(e => MessageDocument.IdFor(e.Key), StringComparer.Ordinal).ToList(), ct);
    }

    public Task<IReadOnlyList<MessageEntry>> ListDueAsync(string orgId, string cycleId, DateTimeOffset now, int max, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        var pk = CosmosLayout.CyclePartition(orgId, cycleId);
        var query = new QueryDefinition(DueQuery).WithParameter("@pk", pk).WithParameter("@now", now.ToUnixTimeMilliseconds());
        return _calls.RunAsync<IReadOnlyList<MessageEntry>>(async () =>
            (await CosmosCalls.QueryPartitionAsync<MessageDocument>(_messages, query, pk, ct))
                .OrderBy(d => d.DueAtMs).ThenBy(d => d.Id, StringComparer.Ordinal).Take(max).Select(d => d.ToEntry()).ToList(), ct);
    }

    private static PartitionKey Partition(MessageKey key) => new(CosmosLayout.CyclePartition(key.OrgId, key.CycleId));
}

/// <summary>One message record; state and due time repeated at the top for the due query.</summary>
internal sealed record MessageDocument
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public string Type { get; init; } = "message";
    public required MessageState State { get; init; }

    /// <summary>Unix milliseconds.</summary>
    public required long DueAtMs { get; init; }

    public required MessageEntry Entry { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static string IdFor(MessageKey key) => $"{key.PersonId}|{key.Kind}|{key.Slot.ToString(CultureInfo.InvariantCulture)}";

    public static MessageDocument From(MessageEntry entry) => new()
    {
        Id = IdFor(entry.Key),
        Pk = CosmosLayout.CyclePartition(entry.Key.OrgId, entry.Key.CycleId),
        State = entry.State,
        DueAtMs = entry.DueAt.ToUnixTimeMilliseconds(),
        Entry = entry with { ETag = null },
    };

    public MessageEntry ToEntry() => Entry with { ETag = ETag };
}
