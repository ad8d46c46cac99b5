using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The survey store's connections to its SQLite file. Writes go through a single connection
/// (SQLite admits one writer at a time; queueing in-process is cheaper than contending on the file
/// lock), reads through a small pool of connections that see committed snapshots concurrently.
/// Each connection keeps its statements prepared; the <see cref="SqliteCheckpointer"/> has one more.
/// </summary>
internal sealed class SqliteConnectionPool : IDisposable
{
    private const int TruncateAttempts = 20;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readSlots;
    private readonly ConcurrentBag<SqliteReadSession> _idleReaders = [];
    private readonly SqliteCheckpointer _checkpointer;
    private SqliteWriteSession? _writer;
    private bool _disposed;

    /// <param name="path">Full path of the database file.</param>
    /// <param name="maxReaders">Connections reading concurrently (default: twice the processor count, at least 4).</param>
    public SqliteConnectionPool(string path, int maxReaders)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the pool keeps its own connections open with their prepared statements
        }.ToString();
        _readSlots = new SemaphoreSlim(maxReaders > 0 ? maxReaders : Math.Max(4, Environment.ProcessorCount * 2));
        _checkpointer = new SqliteCheckpointer(Open);
    }

    /// <summary>True once <see cref="Start"/> has a writer.</summary>
    public bool IsStarted => _writer is not null;

    public bool IsDisposed => _disposed;

    /// <summary>Makes <paramref name="connection"/> (schema created) the writer and starts the checkpointer.</summary>
    public void Start(SqliteConnection connection)
    {
        _writer = new SqliteWriteSession(connection);
        _checkpointer.Start();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // FULL: the log is flushed to disk before a commit returns, so an acknowledged answer also
        // survives a power cut or an operating-system crash. Group commit makes that one flush per batch.
        // secure_delete: see SqliteSchema.SecureDelete.
        SqliteSchema.Execute(connection, $"PRAGMA busy_timeout = {SqliteBusy.TimeoutMs}; PRAGMA synchronous = FULL; {SqliteSchema.SecureDelete}");
        return connection;
    }

    /// <summary>Runs <paramref name="write"/> on the writer, one at a time.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteWriteSession, T> write, CancellationToken ct)
    {
        var writer = _writer ?? throw NotStarted();
        await _writeLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteSurveyStore));
            var result = write(writer);
            _checkpointer.NoteCommit();
            return result;
        }
        catch (SqliteException e) when (SqliteBusy.IsBusy(e))
        {
            throw SqliteBusy.Unavailable(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Empties the log (<see cref="SqliteCheckpointer.TruncateLog"/>) on the writer, trying again
    /// briefly while a reader or the background checkpoint is in the way.
    /// </summary>
    public async Task TruncateLogAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await WriteAsync(w => SqliteCheckpointer.TruncateLog(w.Connection), ct))
                return;
            if (attempt == TruncateAttempts)
                throw new StoreUnavailableException("The SQLite log could not be emptied while readers held on to it; retry shortly.");
            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
        }
    }

    /// <summary>Runs <paramref name="read"/> on an idle reader (opened when none is idle), at most the pool's size at once.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteReadSession, T> read, CancellationToken ct)
    {
        if (_writer is null)
            throw NotStarted();
        await _readSlots.WaitAsync(ct);
        SqliteReadSession? session = null;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(SqliteSurveyStore));
            session = _idleReaders.TryTake(out var idle) ? idle : new SqliteReadSession(Open());
            var result = read(session);
            if (!_disposed)
            {
                _idleReaders.Add(session);
                session = null;
            }
            return result;
        }
        catch (SqliteException e) when (SqliteBusy.IsBusy(e))
        {
            throw SqliteBusy.Unavailable(e);
        }
        finally
        {
            session?.Dispose(); // not reused after a failure or once the store is disposed
            _readSlots.Release();
        }
    }

    /// <summary>Stops the checkpointer, lets a write in progress finish, then closes every connection.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _checkpointer.Dispose();

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

    private static InvalidOperationException NotStarted() =>
        new($"{nameof(SqliteSurveyStore)} is used before {nameof(SqliteSurveyStore.InitializeAsync)}.");
}
