using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>The writer connection of the survey store with every write statement prepared on it.</summary>
internal sealed class SqliteWriteSession(SqliteConnection connection) : IDisposable
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteStatement UpsertRoster { get; } = new(connection, """
        INSERT INTO rosters (org_id, version, updated_at, json) VALUES ($p0, $p1, $p2, $p3)
        ON CONFLICT (org_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, json = excluded.json
        """, 4);

    public SqliteStatement RegisterOrg { get; } = new(connection,
        "INSERT INTO orgs (org_id, registered_at) VALUES ($p0, $p1) ON CONFLICT (org_id) DO NOTHING", 2);

    public SqliteStatement InsertCycle { get; } = new(connection,
        "INSERT INTO cycles (org_id, cycle_id, etag, json) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT (org_id, cycle_id) DO NOTHING", 4);

    public SqliteStatement UpdateCycle { get; } = new(connection,
        "UPDATE cycles SET etag = $p0, json = $p1 WHERE org_id = $p2 AND cycle_id = $p3 AND etag = $p4", 5);

    public SqliteSubmissionUpsert UpsertSubmission { get; } = new(connection);

    public SqliteStatement DeleteSubmission { get; } = new(connection,
        "DELETE FROM submissions WHERE org_id = $p0 AND cycle_id = $p1 AND respondent_id = $p2", 3);

    public SqliteStatement ReplaceSubmissionIfVersion { get; } = new(connection, """
        UPDATE submissions SET contacts = $p0, submitted_at = $p1, version = $p2, source = $p3
        WHERE org_id = $p4 AND cycle_id = $p5 AND respondent_id = $p6 AND version = $p7
        """, 8);

    public void Dispose()
    {
        UpsertSubmission.Dispose();
        Connection.Dispose();
    }
}

/// <summary>A reader connection of the survey store with every read statement prepared on it.</summary>
internal sealed class SqliteReadSession(SqliteConnection connection) : IDisposable
{
    public SqliteStatement GetRoster { get; } = new(connection, "SELECT json FROM rosters WHERE org_id = $p0", 1);

    public SqliteStatement ListOrgs { get; } = new(connection, "SELECT org_id FROM orgs", 0);

    public SqliteStatement GetCycle { get; } = new(connection,
        "SELECT etag, json FROM cycles WHERE org_id = $p0 AND cycle_id = $p1", 2);

    public SqliteStatement ListCycles { get; } = new(connection, "SELECT etag, json FROM cycles WHERE org_id = $p0", 1);

    public SqliteStatement GetSubmission { get; } = new(connection, """
        SELECT respondent_id, contacts, submitted_at, version, source FROM submissions
        WHERE org_id = $p0 AND cycle_id = $p1 AND respondent_id = $p2
        """, 3);

    public SqliteStatement ListSubmissions { get; } = new(connection, """
        SELECT respondent_id, contacts, submitted_at, version, source FROM submissions
        WHERE org_id = $p0 AND cycle_id = $p1
        """, 2);

    public void Dispose() => connection.Dispose();
}
