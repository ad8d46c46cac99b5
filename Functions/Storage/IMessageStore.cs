using System.Text.Json.Serialization;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Storage;

/// <summary>Where a message is in its life: waiting, being sent by one instance, sent, or given up.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageState>))]
public enum MessageState
{
    Queued,
    Claimed,
    Sent,
    Failed,
}

/// <summary>
/// One message's record: the queue entry before it is sent and the trace after. No message content
/// or link is kept (links are bearer credentials): the text is rebuilt from the key when sent.
/// </summary>
/// <param name="DueAt">When a queued entry may be sent, or when a claim's lease ends.</param>
/// <param name="Contact">Who to ask, when the admin named someone for this message.</param>
public sealed record MessageEntry(
    MessageKey Key,
    MessageState State,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset UpdatedAt,
    string? Owner = null,
    string? Contact = null,
    DateTimeOffset? SentAt = null,
    string? LastError = null)
{
    /// <summary>Concurrency token of the stored record (not part of its content).</summary>
    public string? ETag { get; init; }
}

/// <summary>
/// Durable message records, one per <see cref="MessageKey"/>, kept per cycle (one partition in
/// Cosmos DB). Writes are conditional, so two instances never both win the same change; the rules
/// of claiming and sending are <see cref="MessageLedger"/>'s. SQLite and Cosmos DB implementations
/// pass one contract suite.
/// </summary>
public interface IMessageStore
{
    Task InitializeAsync(CancellationToken ct = default);

    Task<MessageEntry?> GetAsync(MessageKey key, CancellationToken ct = default);

    /// <summary>Adds the record unless its key exists; the stored record (with its ETag) or null.</summary>
    Task<MessageEntry?> TryInsertAsync(MessageEntry entry, CancellationToken ct = default);

    /// <summary>Adds every record whose key is not stored yet (one transaction in SQLite, parallel writes in Cosmos DB); how many were added.</summary>
    Task<int> InsertMissingAsync(IReadOnlyList<MessageEntry> entries, CancellationToken ct = default);

    /// <summary>Replaces the record if it still has <see cref="MessageEntry.ETag"/>; the stored record or null.</summary>
    Task<MessageEntry?> TryReplaceAsync(MessageEntry entry, CancellationToken ct = default);

    /// <summary>Every record of one cycle.</summary>
    Task<IReadOnlyList<MessageEntry>> ListAsync(string orgId, string cycleId, CancellationToken ct = default);

    /// <summary>Up to <paramref name="max"/> queued or claimed records of one cycle due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<MessageEntry>> ListDueAsync(string orgId, string cycleId, DateTimeOffset now, int max, CancellationToken ct = default);
}
