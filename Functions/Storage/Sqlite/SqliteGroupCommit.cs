using System.Collections.Concurrent;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// Group commit of submission upserts: concurrent upserts queue up and the first caller to find no
/// flush running writes everything queued in one transaction, then whatever queued meanwhile,
/// until the queue is empty. Each caller's task completes once its row is committed. One commit
/// per batch instead of one per answer, and one hand-off of the write lock per batch, is what lets
/// submissions scale under concurrency. Should a batch fail other than by being busy, its rows are
/// retried one transaction each, so only a row that fails on its own reports the failure.
/// </summary>
internal sealed class SqliteGroupCommit(SqliteConnectionPool pool)
{
    private const int MaxBatch = 256;

    private readonly ConcurrentQueue<PendingUpsert> _pending = new();
    private int _flushing;

    /// <summary>Queues the row; the task completes once it is committed.</summary>
    /// <param name="contacts">The submission's contacts already as stored JSON (UTF-8).</param>
    public Task UpsertAsync(Submission submission, byte[] contacts)
    {
        var pending = new PendingUpsert(submission, contacts);
        _pending.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
            _ = FlushAsync();
        return pending.Committed.Task;
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            var batch = new List<PendingUpsert>();
            while (batch.Count < MaxBatch && _pending.TryDequeue(out var next))
                batch.Add(next);
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                // The first batch runs on the caller's thread; later ones on the thread pool, so the
                // caller that started the flush is not held until the queue happens to be empty.
                await Task.Yield();
                continue;
            }

            Volatile.Write(ref _flushing, 0);
            // A row queued between the last dequeue and the reset above would wait for the next caller: take it now.
            if (_pending.IsEmpty || Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
                return;
        }
    }

    private async Task CommitAsync(List<PendingUpsert> batch)
    {
        try
        {
            await pool.WriteAsync(w =>
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

    /// <summary>A submission row waiting for the next group commit.</summary>
    private sealed class PendingUpsert(Submission submission, byte[] contacts)
    {
        public Submission Submission { get; } = submission;

        public byte[] Contacts { get; } = contacts;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
