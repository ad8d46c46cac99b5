using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (<see cref="SqliteSchema"/>). Reads and writes go
/// through the <see cref="SqliteConnectionPool"/>, submissions through the <see cref="SqliteGroupCommit"/>,
/// and the <see cref="SqliteCheckpointer"/> copies the log into the file in the background. The
/// schema is created only by <see cref="InitializeAsync"/>.
/// </summary>
public sealed class SqliteSurveyStore : ISurveyStore, IDisposable
{
    private readonly SqliteConnectionPool _pool;
    private readonly SqliteGroupCommit _submissions;
    private readonly SemaphoreSlim _initLock = new(1, 1);

    /// <param name="path">The database file; its folder is created when missing.</param>
    /// <param name="maxReaders">Connections reading concurrently (default: twice the processor count, at least 4).</param>
    public SqliteSurveyStore(string path, int maxReaders = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _pool = new SqliteConnectionPool(Path, maxReaders);
        _submissions = new SqliteGroupCommit(_pool);
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_pool.IsDisposed, this);
        await _initLock.WaitAsync(ct);
        try
        {
            if (_pool.IsStarted)
                return;
            Security.OwnerOnlyFiles.CreateDatabaseFile(Path);
            var connection = _pool.Open();
            try
            {
                SqliteSchema.CreateSurvey(connection);
                _pool.Start(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch (SqliteException e) when (SqliteBusy.IsBusy(e))
        {
            throw SqliteBusy.Unavailable(e);
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
        var now = DateTimeOffset.UtcNow.ToString(SqliteSchema.DateFormat, CultureInfo.InvariantCulture);
        return _pool.WriteAsync(w =>
        {
            using var tx = w.Connection.BeginTransaction(deferred: false);
            w.UpsertRoster.Run(tx, roster.OrgId, Guid.NewGuid().ToString("N"),
                roster.UpdatedAt.ToString(SqliteSchema.DateFormat, CultureInfo.InvariantCulture), json);
            w.RegisterOrg.Run(tx, roster.OrgId, now);
            tx.Commit();
            return true;
        }, ct);
    }

    public Task<Roster?> GetRosterAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        return _pool.ReadAsync(r =>
        {
            r.GetRoster.Bind(orgId);
            using var reader = r.GetRoster.Command.ExecuteReader();
            return reader.Read() ? JsonSerializer.Deserialize<Roster>(reader.GetString(0), StoreJson.Options) : null;
        }, ct);
    }

    public Task<IReadOnlyList<string>> ListOrganizationsAsync(CancellationToken ct = default) =>
        _pool.ReadAsync<IReadOnlyList<string>>(r =>
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
        var created = await _pool.WriteAsync(w => w.InsertCycle.Run(null, cycle.OrgId, cycle.Id, etag, json) == 1, ct);
        if (!created)
            throw new StoreConflictException($"Cycle '{cycle.Id}' already exists in organization '{cycle.OrgId}'.");
        return cycle with { ETag = etag };
    }

    public Task<Cycle?> GetCycleAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _pool.ReadAsync(r =>
        {
            r.GetCycle.Bind(orgId, cycleId);
            using var reader = r.GetCycle.Command.ExecuteReader();
            return reader.Read() ? DeserializeCycle(reader.GetString(0), reader.GetString(1)) : null;
        }, ct);
    }

    public Task<IReadOnlyList<Cycle>> ListCyclesAsync(string orgId, CancellationToken ct = default)
    {
        StoreKeys.Require(orgId, "organization id");
        return _pool.ReadAsync<IReadOnlyList<Cycle>>(r =>
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
        var replaced = await _pool.WriteAsync(w => w.UpdateCycle.Run(null, etag, json, cycle.OrgId, cycle.Id, cycle.ETag) == 1, ct);
        if (!replaced)
            throw new StoreConcurrencyException($"Cycle '{cycle.Id}' of organization '{cycle.OrgId}' changed since it was read.");
        return cycle with { ETag = etag };
    }

    /// <remarks>Committed with whatever other submissions are waiting, by <see cref="SqliteGroupCommit"/>.</remarks>
    public Task UpsertSubmissionAsync(Submission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        ct.ThrowIfCancellationRequested();
        return _submissions.UpsertAsync(submission, JsonSerializer.SerializeToUtf8Bytes(submission.Contacts, StoreJson.Contacts));
    }

    public Task<Submission?> GetSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return _pool.ReadAsync(r =>
        {
            r.GetSubmission.Bind(orgId, cycleId, respondentId);
            using var reader = r.GetSubmission.Command.ExecuteReader();
            return reader.Read() ? ReadSubmission(reader, orgId, cycleId) : null;
        }, ct);
    }

    public Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string orgId, string cycleId, CancellationToken ct = default)
    {
        StoreKeys.RequireCycle(orgId, cycleId);
        return _pool.ReadAsync<IReadOnlyList<Submission>>(r =>
        {
            r.ListSubmissions.Bind(orgId, cycleId);
            using var reader = r.ListSubmissions.Command.ExecuteReader();
            var submissions = new List<Submission>();
            var compactor = new AnswerCompactor();
            while (reader.Read())
                submissions.Add(ReadSubmission(reader, orgId, cycleId, compactor));
            return SurveyStoreOrder.Submissions(submissions);
        }, ct);
    }

    public async Task<bool> DeleteSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default)
    {
        StoreKeys.RequireSubmission(orgId, cycleId, respondentId);
        return await _pool.WriteAsync(w => w.DeleteSubmission.Run(null, orgId, cycleId, respondentId), ct) == 1;
    }

    /// <remarks>One conditional UPDATE on the writer, so it is ordered with the group commits of submissions.</remarks>
    public Task<bool> TryReplaceSubmissionAsync(Submission submission, long expectedVersion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        StoreKeys.RequireSubmission(submission.OrgId, submission.CycleId, submission.RespondentId);
        var contacts = JsonSerializer.Serialize(submission.Contacts, StoreJson.Contacts);
        var submittedAt = submission.SubmittedAt.ToString(SqliteSchema.DateFormat, CultureInfo.InvariantCulture);
        return _pool.WriteAsync(w => w.ReplaceSubmissionIfVersion.Run(null, contacts, submittedAt, submission.Version, submission.Source,
            submission.OrgId, submission.CycleId, submission.RespondentId, expectedVersion) == 1, ct);
    }

    /// <remarks>
    /// Freed space is zeroed as it is freed (secure_delete on every connection); the log, which
    /// still holds the page images from before, is copied into the file and truncated to nothing.
    /// </remarks>
    public Task PurgeDeletedAsync(CancellationToken ct = default) => _pool.TruncateLogAsync(ct);

    public void Dispose() => _pool.Dispose();

    /// <param name="compactor">Shares ids and benefit lists across the submissions of one listing; null for a single read.</param>
    private static Submission ReadSubmission(SqliteDataReader reader, string orgId, string cycleId, AnswerCompactor? compactor = null) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        RespondentId = compactor is null ? reader.GetString(0) : compactor.Id(reader.GetString(0)),
        Contacts = compactor is null
            ? JsonSerializer.Deserialize<IReadOnlyList<ContactAnswer>>(reader.GetString(1), StoreJson.Options) ?? []
            : compactor.Contacts(JsonSerializer.Deserialize<IReadOnlyList<ContactAnswer>>(reader.GetString(1), StoreJson.Options)),
        SubmittedAt = DateTimeOffset.ParseExact(reader.GetString(2), SqliteSchema.DateFormat, CultureInfo.InvariantCulture),
        Version = reader.GetInt64(3),
        Source = reader.GetString(4),
    };

    private static string SerializeCycle(Cycle cycle) => JsonSerializer.Serialize(cycle with { ETag = null }, StoreJson.Options);

    private static Cycle DeserializeCycle(string etag, string json) =>
        JsonSerializer.Deserialize<Cycle>(json, StoreJson.Options)! with { ETag = etag };

    private static string NewETag() => Guid.NewGuid().ToString("N");
}
