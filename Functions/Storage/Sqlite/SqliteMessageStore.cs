using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The embedded message store: table <c>messages</c> in the same SQLite file as the other stores,
/// one row per message key with a version number as its ETag; a replacement is one conditional UPDATE.
/// </summary>
public sealed class SqliteMessageStore : IMessageStore
{
    private const string Columns = "json, version";

    private readonly SqliteStoreFile _file;

    public SqliteMessageStore(string path) => _file = new SqliteStoreFile(path, SqliteSchema.Messages, nameof(SqliteMessageStore));

    public string Path => _file.Path;

    public Task InitializeAsync(CancellationToken ct = default) => _file.InitializeAsync(ct);

    public Task<MessageEntry?> GetAsync(MessageKey key, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(key.OrgId, key.CycleId);
        return RunAsync(async c =>
        {
            await using var command = Command(c, $"SELECT {Columns} FROM messages WHERE org_id = $p0 AND cycle_id = $p1 AND id = $p2", key.OrgId, key.CycleId, RowId(key));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, ct);
    }

    public Task<MessageEntry?> TryInsertAsync(MessageEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        StoreKeys.RequireCycle(entry.Key.OrgId, entry.Key.CycleId);
        var stored = entry with { ETag = "1" };
        return RunAsync(async c =>
        {
            await using var command = Command(c, """
                INSERT INTO messages (org_id, cycle_id, id, state, due_at, version, json) VALUES ($p0, $p1, $p2, $p3, $p4, 1, $p5)
                ON CONFLICT (org_id, cycle_id, id) DO NOTHING
                """, entry.Key.OrgId, entry.Key.CycleId, RowId(entry.Key), entry.State.ToString(), entry.DueAt.ToUnixTimeMilliseconds(), Json(entry));
            return await command.ExecuteNonQueryAsync(ct) == 1 ? stored : null;
        }, ct);
    }

    public Task<int> InsertMissingAsync(IReadOnlyList<MessageEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
            StoreKeys.RequireCycle(e.Key.OrgId, e.Key.CycleId);
        return RunAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
            await using var command = Command(c, """
                INSERT INTO messages (org_id, cycle_id, id, state, due_at, version, json) VALUES ($p0, $p1, $p2, $p3, $p4, 1, $p5)
                ON CONFLICT (org_id, cycle_id, id) DO NOTHING
                """, "", "", "", "", 0L, "");
            var inserted = 0;
            foreach (var entry in entries)
            {
                command.Parameters[0].Value = entry.Key.OrgId;
                command.Parameters[1].Value = entry.Key.CycleId;
                command.Parameters[2].Value = RowId(entry.Key);
                command.Parameters[3].Value = entry.State.ToString();
                command.Parameters[4].Value = entry.DueAt.ToUnixTimeMilliseconds();
                command.Parameters[5].Value = Json(entry);
                inserted += await command.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
            return inserted;
        }, ct);
    }

    public Task<MessageEntry?> TryReplaceAsync(MessageEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        StoreKeys.RequireCycle(entry.Key.OrgId, entry.Key.CycleId);
        if (!long.TryParse(entry.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return Task.FromResult<MessageEntry?>(null);
        var stored = entry with { ETag = (version + 1).ToString(CultureInfo.InvariantCulture) };
        return RunAsync(async c =>
        {
            await using var command = Command(c, """
                UPDATE messages SET state = $p0, due_at = $p1, json = $p2, version = version + 1
                WHERE org_id = $p3 AND cycle_id = $p4 AND id = $p5 AND version = $p6
                """, entry.State.ToString(), entry.DueAt.ToUnixTimeMilliseconds(), Json(entry), entry.Key.OrgId, entry.Key.CycleId, RowId(entry.Key), version);
            return await command.ExecuteNonQueryAsync(ct) == 1 ? stored : null;
        }, ct);
    }

    public Task<IReadOnlyList<MessageEntry>> ListAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync(c => ReadAllAsync(Command(c, $"SELECT {Columns} FROM messages WHERE org_id = $p0 AND cycle_id = $p1 ORDER BY id", orgId, cycleId), ct), ct);
    }

    public Task<IReadOnlyList<MessageEntry>> ListDueAsync(string orgId, string cycleId, DateTimeOffset now, int max, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return RunAsync(c => ReadAllAsync(Command(c, $"""
            SELECT {Columns} FROM messages
            WHERE org_id = $p0 AND cycle_id = $p1 AND state IN ('Queued', 'Claimed') AND due_at <= $p2
            ORDER BY due_at, id LIMIT $p3
            """, orgId, cycleId, now.ToUnixTimeMilliseconds(), max), ct), ct);
    }

    private static string RowId(MessageKey key) => $"{key.PersonId}|{key.Kind}|{key.Slot.ToString(CultureInfo.InvariantCulture)}";

    private static string Json(MessageEntry entry) => JsonSerializer.Serialize(entry with { ETag = null }, StoreJson.Options);

    private static MessageEntry Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<MessageEntry>(reader.GetString(0), StoreJson.Options)! with { ETag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture) };

    private static async Task<IReadOnlyList<MessageEntry>> ReadAllAsync(SqliteCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var entries = new List<MessageEntry>();
            while (await reader.ReadAsync(ct))
                entries.Add(Read(reader));
            return entries;
        }
    }

    private Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct) => _file.RunAsync(work, ct);

    private static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] values) =>
        SqliteStoreFile.Command(connection, sql, values);
}
