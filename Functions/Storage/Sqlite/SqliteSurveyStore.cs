using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through a single connection (SQLite
/// admits one writer at a time; queueing in-process is cheaper than contending on the file lock),
/// reads through a small pool of connections that see committed snapshots concurrently. Every
/// statement is prepared once per connection; the schema is created only by <see cref="InitializeAsync"/>.
/// </summary>
public sealed class SqliteSurveyStore : ISurveyStore, IDisposable
{
    private const int BusyTimeoutMs = 10_000;
    private const int MaxUpsertBatch = 256;
    private const string SqliteDateFormat = "O";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS orgs (
            org_id        TEXT NOT NULL PRIMARY KEY,
            registered_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS rosters (
            org_id     TEXT NOT NULL PRIMARY KEY,
            version    TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            json       TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cycles (
            org_id   TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            etag     TEXT NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id)
        );
        CREATE TABLE IF NOT EXISTS submissions (
            org_id        TEXT NOT NULL,
            cycle_id      TEXT NOT NULL,
            respondent_id TEXT NOT NULL,
            contacts      TEXT NOT NULL,
            submitted_at  TEXT NOT NULL,
            version       INTEGER NOT NULL,
            source        TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id, respondent_id)
        );
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readSlots;
    private readonly ConcurrentBag<ReadSession> _idleReaders = [];
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ConcurrentQueue<PendingUpsert> _pendingUpserts = new();
    private int _flushingUpserts;
    private WriteSession? _writer;
    private bool _disposed;
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private Task _checkpoints = Task.CompletedTask;
    private int _commitsSinceCheckpoint;

    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="maxReaders">Connections reading concurrently (default: twice the processor count, at least 4).</param>
    public SqliteSurveyStore(string path, int maxReaders = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the store keeps its own connections open with their prepared statements
        }.ToString();
        _readSlots = new SemaphoreSlim(maxReaders > 0 ? maxReaders : Math.Max(4, Environment.ProcessorCount * 2));
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _initLock.WaitAsync(ct);
        try
        {
            if (_writer is not null)
                return;
            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder))
                Directory.CreateDirectory(folder);
            var connection = Open();
            try
            {
                Execute(connection, "PRAGMA journal_mode = WAL;");
                // Checkpoints (copying the log into the database file, with its fsyncs) run in the
                // background, not inside whichever commit happens to cross the log-size threshold.
                Execute(connection, "PRAGMA wal_autocheckpoint = 0;");
                Execute(connection, Schema);
                _writer = new WriteSession(connection);
                _checkpoints = CheckpointAsync(_stopCheckpoints.Token);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (SqliteException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            _initLock.Release();
        }
    }

    public Task ReplaceRosterAsync(Roster roster, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(roster);
        StoreKeys.Require(roster.OrgId, "organization id");
        var json = JsonSerializer.Serialize(roster, StoreJson.Options);
        var now = DateTimeOffset.UtcNow.ToString(SqliteDateFormat, CultureInfo.InvariantCulture);
        return WriteAsync(w =>
        {
            using var tx = w.Connection.BeginTransaction(deferred: false);
            w.UpsertRoster.Run(tx, roster.OrgId, Guid.NewGuid().ToString("N"),
                roster.UpdatedAt.ToString(SqliteDateFormat, CultureInfo.InvariantCulture), json);
            w.RegisterOrg.Run(tx, roster.OrgId, now);
            tx.Commit();
            return true;
        }, ct);
    }

    public Task<Roster?> GetRosterAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        return ReadAsync(r =>
        {
            r.GetRoster.Bind(orgId);
            using var reader = r.GetRoster.Command.ExecuteReader();
            return reader.Read() ? JsonSerializer.Deserialize<Roster>(reader.GetString(0), StoreJson.Options) : null;
        }, ct);
    }

    public Task<IReadOnlyList<string>> ListOrganizationsAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<string>>(r =>
        {
            using var reader = r.ListOrgs.Command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
                ids.Add(reader.GetString(0));
            return SurveyStoreOrder.Organizations(ids);
        }, ct);

    public async Task<Cycle> CreateCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        var etag = NewETag();
        var json = SerializeCycle(cycle);
        var created = await WriteAsync(w => w.InsertCycle.Run(null, cycle.OrgId, cycle.Id, etag, json) == 1, ct);
        if (!created)
            throw new StoreConflictException($"Cycle '{cycle.Id}' already exists in organization '{cycle.OrgId}'.");
        return cycle with { ETag = etag };
    }

    public Task<Cycle?> GetCycleAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return ReadAsync(r =>
        {
            r.GetCycle.Bind(orgId, cycleId);
            using var reader = r.GetCycle.Command.ExecuteReader();
            return reader.Read() ? DeserializeCycle(reader.GetString(0), reader.GetString(1)) : null;
        }, ct);
    }

    public Task<IReadOnlyList<Cycle>> ListCyclesAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        return ReadAsync<IReadOnlyList<Cycle>>(r =>
        {
            r.ListCycles.Bind(orgId);
            using var reader = r.ListCycles.Command.ExecuteReader();
            var cycles = new List<Cycle>();
            while (reader.Read())
                cycles.Add(DeserializeCycle(reader.GetString(0), reader.GetString(1)));
            return SurveyStoreOrder.Cycles(cycles);
        }, ct);
    }

    public async Task<Cycle> ReplaceCycleAsync(Cycle cycle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        StoreKeys.RequireCycle(cycle.OrgId, cycle.Id);
        if (string.IsNullOrEmpty(cycle.ETag))
            throw new ArgumentException("A cycle is replaced only with the ETag it was read with.", nameof(cycle));
        var etag = NewETag();
        var json = SerializeCycle(cycle);
        var replaced = await WriteAsync(w => w.UpdateCycle.Run(null, etag, json, cycle.OrgId, cycle.Id, cycle.ETag) == 1, ct);
        if (!replaced)
            throw new StoreConcurrencyException($"Cycle '{cycle.Id}' of organization '{cycle.OrgId}' changed since it was read.");
        return cycle with { ETag = etag };
    }

    /// <remarks>
    /// Group commit: concurrent upserts queue up and the first caller to find no flush running
    /// writes everything queued in one transaction, then whatever queued meanwhile, until the queue
    /// is empty. Each caller's task completes once its row is committed. One commit per batch
    /// instead of one per answer, and one hand-off of the write lock per batch, is what lets
    /// submissions scale under concurrency. Should a batch fail other than by being busy, its rows
    /// are retried one transaction each, so only a row that fails on its own reports the failure.
    /// </remarks>
    public Task UpsertSubmissionAsync(Submission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        ct.ThrowIfCancellationRequested();
        var pending = new PendingUpsert(submission, JsonSerializer.SerializeToUtf8Bytes(submission.Contacts, StoreJson.Contacts));
        _pendingUpserts.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _flushingUpserts, 1, 0) == 0)
            _ = FlushUpsertsAsync();
        return pending.Committed.Task;
    }

    private async Task FlushUpsertsAsync()
    {
        while (true)
        {
            var batch = new List<PendingUpsert>();
            while (batch.Count < MaxUpsertBatch && _pendingUpserts.TryDequeue(out var next))
                batch.Add(next);
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                // The first batch runs on the caller's thread; later ones on the thread pool, so the
                // caller that started the flush is not held until the queue happens to be empty.
                await Task.Yield();
                continue;
            }

            Volatile.Write(ref _flushingUpserts, 0);
            // A row queued between the last dequeue and the reset above would wait for the next caller: take it now.
            if (_pendingUpserts.IsEmpty || Interlocked.CompareExchange(ref _flushingUpserts, 1, 0) != 0)
                return;
        }
    }

    private async Task CommitAsync(List<PendingUpsert> batch)
    {
        try
        {
            await WriteAsync(w =>
            {
                using var tx = w.Connection.BeginTransaction(deferred: false);
                foreach (var row in batch)
                    w.UpsertSubmission.Run(row.Submission, row.Contacts);
                tx.Commit();
                return true;
            }, CancellationToken.None);
            foreach (var row in batch)
                row.Committed.TrySetResult();
        }
        catch (Exception e) when (batch.Count > 1 && e is not (StoreUnavailableException or ObjectDisposedException))
        {
            foreach (var row in batch)
                await CommitAsync([row]);
        }
        catch (Exception e)
        {
            // Busy, closed or failing on its own: every row of this batch reports it (none was committed).
            foreach (var row in batch)
                row.Committed.TrySetException(e);
        }
    }

    public Task<Submission?> GetSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return ReadAsync(r =>
        {
            r.GetSubmission.Bind(orgId, cycleId, respondentId);
            using var reader = r.GetSubmission.Command.ExecuteReader();
            return reader.Read() ? ReadSubmission(reader, orgId, cycleId) : null;
        }, ct);
    }

    public Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return ReadAsync<IReadOnlyList<Submission>>(r =>
        {
            r.ListSubmissions.Bind(orgId, cycleId);
            using var reader = r.ListSubmissions.Command.ExecuteReader();
            var submissions = new List<Submission>();
            while (reader.Read())
                submissions.Add(ReadSubmission(reader, orgId, cycleId));
            return SurveyStoreOrder.Submissions(submissions);
        }, ct);
    }

    public async Task<bool> DeleteSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return await WriteAsync(w => w.DeleteSubmission.Run(null, orgId, cycleId, respondentId), ct) == 1;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stopCheckpoints.Cancel();
        try
        {
            _checkpoints.Wait();
        }
        catch (AggregateException)
        {
            // The checkpointer failed unexpectedly: closing the last connection copies the rest of the log.
        }

        _stopCheckpoints.Dispose();

        _writeLock.Wait(); // let a write in progress finish; later ones see _disposed
        try
        {
            _writer?.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
        while (_idleReaders.TryTake(out var reader))
            reader.Dispose();
    }

    private static Submission ReadSubmission(SqliteDataReader reader, string orgId, string cycleId) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        RespondentId = reader.GetString(0),
        Contacts = JsonSerializer.Deserialize<IReadOnlyList<ContactAnswer>>(reader.GetString(1), StoreJson.Options) ?? [],
        SubmittedAt = DateTimeOffset.ParseExact(reader.GetString(2), SqliteDateFormat, CultureInfo.InvariantCulture),
        Version = reader.GetInt64(3),
        Source = reader.GetString(4),
    };

    private static string SerializeCycle(Cycle cycle) => JsonSerializer.Serialize(cycle with { ETag = null }, StoreJson.Options);

    private static Cycle DeserializeCycle(string etag, string json) =>
        JsonSerializer.Deserialize<Cycle>(json, StoreJson.Options)! with { ETag = etag };

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private async Task<T> WriteAsync<T>(Func<WriteSession, T> write, CancellationToken ct)
    {
        var writer = _writer ?? throw NotInitialized();
        await _writeLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var result = write(writer);
            Interlocked.Increment(ref _commitsSinceCheckpoint);
            return result;
        }
        catch (SqliteException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<T> ReadAsync<T>(Func<ReadSession, T> read, CancellationToken ct)
    {
        if (_writer is null)
            throw NotInitialized();
        await _readSlots.WaitAsync(ct);
        ReadSession? session = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            session = _idleReaders.TryTake(out var idle) ? idle : new ReadSession(Open());
            var result = read(session);
            if (!_disposed)
            {
                _idleReaders.Add(session);
                session = null;
            }
            return result;
        }
        catch (SqliteException e) when (IsTransient(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            session?.Dispose(); // not reused after a failure or once the store is disposed
            _readSlots.Release();
        }
    }

    /// <summary>How often the background checkpointer looks for committed writes.</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Copies committed log frames into the database file every <see cref="CheckpointInterval"/>
    /// while there are writes, on a connection of its own. PASSIVE mode never waits for readers or
    /// the writer, so commits go on meanwhile; the log restarts from its beginning once it has been
    /// copied entirely, which keeps it small. The last connection to close checkpoints the rest.
    /// </summary>
    private async Task CheckpointAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                    continue;
                try
                {
                    connection ??= Open();
                    Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
                }
                catch (SqliteException)
                {
                    // Busy or failing: the next tick tries again (the log only grows meanwhile).
                    Interlocked.Increment(ref _commitsSinceCheckpoint);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The store is being disposed.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // FULL: the log is flushed to disk before a commit returns, so an acknowledged answer also
        // survives a power cut or an operating-system crash. Group commit makes that one flush per batch.
        Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool IsTransient(SqliteException e) =>
        e.SqliteErrorCode is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */;

    private static StoreUnavailableException Unavailable(SqliteException e) =>
        new("The SQLite database is busy; retry shortly.", e);

    private static InvalidOperationException NotInitialized() =>
        new($"{nameof(SqliteSurveyStore)} is used before {nameof(InitializeAsync)}.");

    /// <summary>A submission row waiting for the next group commit, its contacts already as stored JSON (UTF-8).</summary>
    private sealed class PendingUpsert(Submission submission, byte[] contacts)
    {
        public Submission Submission { get; } = submission;

        public byte[] Contacts { get; } = contacts;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A prepared statement with positional parameters $p0, $p1, …</summary>
    private sealed class Statement
    {
        public Statement(SqliteConnection connection, string sql, int parameterCount)
        {
            Command = connection.CreateCommand();
            Command.CommandText = sql;
            for (var i = 0; i < parameterCount; i++)
                Command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
            Command.Prepare();
        }

        public SqliteCommand Command { get; }

        public void Bind(params ReadOnlySpan<object?> values)
        {
            for (var i = 0; i < values.Length; i++)
                Command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        public int Run(SqliteTransaction? transaction, params ReadOnlySpan<object?> values)
        {
            Bind(values);
            Command.Transaction = transaction;
            try
            {
                return Command.ExecuteNonQuery();
            }
            finally
            {
                Command.Transaction = null;
            }
        }
    }

    private sealed class WriteSession(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public Statement UpsertRoster { get; } = new(connection, """
            INSERT INTO rosters (org_id, version, updated_at, json) VALUES ($p0, $p1, $p2, $p3)
            ON CONFLICT (org_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, json = excluded.json
            """, 4);

        public Statement RegisterOrg { get; } = new(connection,
            "INSERT INTO orgs (org_id, registered_at) VALUES ($p0, $p1) ON CONFLICT (org_id) DO NOTHING", 2);

        public Statement InsertCycle { get; } = new(connection,
            "INSERT INTO cycles (org_id, cycle_id, etag, json) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT (org_id, cycle_id) DO NOTHING", 4);

        public Statement UpdateCycle { get; } = new(connection,
            "UPDATE cycles SET etag = $p0, json = $p1 WHERE org_id = $p2 AND cycle_id = $p3 AND etag = $p4", 5);

        public SubmissionUpsert UpsertSubmission { get; } = new(connection);

        public Statement DeleteSubmission { get; } = new(connection,
            "DELETE FROM submissions WHERE org_id = $p0 AND cycle_id = $p1 AND respondent_id = $p2", 3);

        public void Dispose()
        {
            UpsertSubmission.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>
    /// The submission upsert of group commits, prepared once on the writer connection and run
    /// through SQLite's own API: values are bound as UTF-8 straight from the submission (the
    /// contacts JSON as it was serialized), with no per-row command, reader or string copies.
    /// It joins whatever transaction the connection has open.
    /// </summary>
    private sealed class SubmissionUpsert : IDisposable
    {
        private const string Sql = """
            INSERT INTO submissions (org_id, cycle_id, respondent_id, contacts, submitted_at, version, source)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (org_id, cycle_id, respondent_id) DO UPDATE SET
                contacts = excluded.contacts, submitted_at = excluded.submitted_at,
                version = excluded.version, source = excluded.source
            """;

        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _statement;

        public SubmissionUpsert(SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, Sql, out _statement));
        }

        public void Run(Submission submission, byte[] contactsJson)
        {
            try
            {
                BindText(1, submission.OrgId);
                BindText(2, submission.CycleId);
                BindText(3, submission.RespondentId);
                Check(SQLitePCL.raw.sqlite3_bind_text(_statement, 4, contactsJson));
                Span<char> date = stackalloc char[40];
                if (!submission.SubmittedAt.TryFormat(date, out var length, SqliteDateFormat, CultureInfo.InvariantCulture))
                    throw new InvalidOperationException("The submission time could not be formatted.");
                BindText(5, date[..length]);
                Check(SQLitePCL.raw.sqlite3_bind_int64(_statement, 6, submission.Version));
                BindText(7, submission.Source);
                var rc = SQLitePCL.raw.sqlite3_step(_statement);
                if (rc != SQLitePCL.raw.SQLITE_DONE)
                    Check(rc);
            }
            finally
            {
                SQLitePCL.raw.sqlite3_reset(_statement);
                SQLitePCL.raw.sqlite3_clear_bindings(_statement);
            }
        }

        private void BindText(int index, ReadOnlySpan<char> value)
        {
            // Ids are at most 64 characters; other text is small too, but is not assumed to be.
            var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
            var buffer = max <= 512 ? stackalloc byte[max] : new byte[max];
            var written = System.Text.Encoding.UTF8.GetBytes(value, buffer);
            Check(SQLitePCL.raw.sqlite3_bind_text(_statement, index, buffer[..written]));
        }

        private void Check(int rc)
        {
            if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE or SQLitePCL.raw.SQLITE_ROW))
                throw new SqliteException(SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string(), rc, SQLitePCL.raw.sqlite3_extended_errcode(_db));
        }

        public void Dispose() => _statement.Dispose();
    }

    private sealed class ReadSession(SqliteConnection connection) : IDisposable
    {
        public Statement GetRoster { get; } = new(connection, "SELECT json FROM rosters WHERE org_id = $p0", 1);

        public Statement ListOrgs { get; } = new(connection, "SELECT org_id FROM orgs", 0);

        public Statement GetCycle { get; } = new(connection,
            "SELECT etag, json FROM cycles WHERE org_id = $p0 AND cycle_id = $p1", 2);

        public Statement ListCycles { get; } = new(connection, "SELECT etag, json FROM cycles WHERE org_id = $p0", 1);

        public Statement GetSubmission { get; } = new(connection, """
            SELECT respondent_id, contacts, submitted_at, version, source FROM submissions
            WHERE org_id = $p0 AND cycle_id = $p1 AND respondent_id = $p2
            """, 3);

        public Statement ListSubmissions { get; } = new(connection, """
            SELECT respondent_id, contacts, submitted_at, version, source FROM submissions
            WHERE org_id = $p0 AND cycle_id = $p1
            """, 2);

        public void Dispose() => connection.Dispose();
    }
}
