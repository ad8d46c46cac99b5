using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// Copies committed log frames into the database file every <see cref="Interval"/> while there are
/// writes, on a connection of its own. PASSIVE mode never waits for readers or the writer, so
/// commits go on meanwhile; the log restarts from its beginning once it has been copied entirely,
/// which keeps it small. The last connection to close checkpoints the rest.
/// </summary>
/// <param name="open">Opens a connection to the database file, set up like every other.</param>
internal sealed class SqliteCheckpointer(Func<SqliteConnection> open) : IDisposable
{
    /// <summary>How often the checkpointer looks for committed writes.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private int _commitsSinceCheckpoint;

    public void Start() => _running = RunAsync(_stop.Token);

    /// <summary>
    /// Copies the whole log into the database file and truncates the log to zero bytes, so no
    /// earlier page image (of erased content) is left in it. Waits, up to the busy timeout, for
    /// readers still using the log and for a background checkpoint in progress; false when the
    /// log could not be emptied (a reader held on), and then the caller tries again.
    /// Run on the writer so that no commit lands in between.
    /// </summary>
    public static bool TruncateLog(SqliteConnection writer)
    {
        using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        // One row: busy (1 when it could not finish), frames in the log, frames copied.
        return reader.Read() && reader.GetInt64(0) == 0 && reader.GetInt64(1) == 0;
    }

    /// <summary>Called after each committed write: the next tick has something to copy.</summary>
    public void NoteCommit() => Interlocked.Increment(ref _commitsSinceCheckpoint);

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0)
                    continue;
                try
                {
                    connection ??= open();
                    SqliteSchema.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
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

    /// <summary>Stops the checkpointer and waits for a checkpoint in progress.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait();
        }
        catch (AggregateException)
        {
            // The checkpointer failed unexpectedly: closing the last connection copies the rest of the log.
        }

        _stop.Dispose();
    }
}
