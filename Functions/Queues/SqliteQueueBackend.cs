using System.Globalization;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Queues;

/// <summary>
/// The embedded queue: one table in a SQLite file, so queued messages survive a restart. A message
/// is taken by one UPDATE … RETURNING that raises its dequeue count, pushes its visibility forward
/// and gives it a new pop receipt; so several processes on one file never take the same message.
/// The file is handled like the stores' (<see cref="SqliteStoreFile"/>: owner-only, WAL, secure_delete),
/// created on first use.
/// </summary>
public sealed class SqliteQueueBackend : IQueueBackend, IDisposable
{
    private readonly SqliteStoreFile _file;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile bool _initialized;

    public SqliteQueueBackend(string path, TimeProvider time)
    {
        _time = time;
        _file = new SqliteStoreFile(path, SqliteSchema.WorkQueue, nameof(SqliteQueueBackend));
    }

    public string Path => _file.Path;

    public Task CreateIfMissingAsync(string queue, CancellationToken ct = default) => RunAsync(_ => Task.FromResult(0), ct);

    public Task SendAsync(string queue, string body, TimeSpan delay = default, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        return RunAsync(async c =>
        {
            await using var command = Command(c, """
                INSERT INTO work_queue (id, queue, body, inserted_at, visible_at, dequeue_count) VALUES ($p0, $p1, $p2, $p3, $p4, 0)
                """, Guid.NewGuid().ToString("N"), queue, body, now.ToUnixTimeMilliseconds(), (now + delay).ToUnixTimeMilliseconds());
            var added = await command.ExecuteNonQueryAsync(ct);
            _arrived.Release();
            return added;
        }, ct);
    }

    public Task<IReadOnlyList<WorkMessage>> ReceiveAsync(string queue, int max, TimeSpan invisibleFor, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var receipt = Guid.NewGuid().ToString("N");
        return RunAsync<IReadOnlyList<WorkMessage>>(async c =>
        {
            await using var command = Command(c, """
                UPDATE work_queue SET dequeue_count = dequeue_count + 1, visible_at = $p0, pop_receipt = $p1
                WHERE id IN (SELECT id FROM work_queue WHERE queue = $p2 AND visible_at <= $p3 ORDER BY visible_at, inserted_at LIMIT $p4)
                RETURNING id, body, dequeue_count
                """, (now + invisibleFor).ToUnixTimeMilliseconds(), receipt, queue, now.ToUnixTimeMilliseconds(), max);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var messages = new List<WorkMessage>();
            while (await reader.ReadAsync(ct))
                messages.Add(new(queue, reader.GetString(0), reader.GetString(1), reader.GetInt64(2), receipt));
            return messages;
        }, ct);
    }

    public Task<WorkMessage?> SetVisibilityAsync(WorkMessage message, TimeSpan invisibleFor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var receipt = Guid.NewGuid().ToString("N");
        var visibleAt = _time.GetUtcNow() + invisibleFor;
        return RunAsync(async c =>
        {
            await using var command = Command(c, "UPDATE work_queue SET visible_at = $p0, pop_receipt = $p1 WHERE id = $p2 AND pop_receipt = $p3",
                visibleAt.ToUnixTimeMilliseconds(), receipt, message.Id, message.PopReceipt);
            return await command.ExecuteNonQueryAsync(ct) == 1 ? message with { PopReceipt = receipt } : null;
        }, ct);
    }

    public Task DeleteAsync(WorkMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return RunAsync(async c =>
        {
            await using var command = Command(c, "DELETE FROM work_queue WHERE id = $p0 AND pop_receipt = $p1", message.Id, message.PopReceipt);
            return await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<int> CountAsync(string queue, CancellationToken ct = default) =>
        RunAsync(async c =>
        {
            await using var command = Command(c, "SELECT count(*) FROM work_queue WHERE queue = $p0", queue);
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, ct);

    /// <summary>A message sent through this instance ends the wait at once; one sent by another process is seen at the next look.</summary>
    public async Task WaitForMessagesAsync(TimeSpan max, CancellationToken ct)
    {
        await _arrived.WaitAsync(max, ct);
    }

    public void Dispose()
    {
        _arrived.Dispose();
        _init.Dispose();
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        if (!_initialized)
            await InitializeAsync(ct);
        return await _file.RunAsync(work, ct);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        await _init.WaitAsync(ct);
        try
        {
            if (_initialized)
                return;
            await _file.InitializeAsync(ct);
            _initialized = true;
        }
        finally
        {
            _init.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] values) =>
        SqliteStoreFile.Command(connection, sql, values);
}
