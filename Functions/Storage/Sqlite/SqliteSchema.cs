using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The tables of the SQLite file: the survey store's and, beside them, the report store's. Each
/// store creates its own tables at initialization; nothing else creates or alters them.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>How times are stored: round-trip text ("O"), which sorts and reads back exactly.</summary>
    public const string DateFormat = "O";

    /// <summary>
    /// Set on every connection to the file: space freed by a delete or an overwrite (a replaced
    /// answer, an erased person's row, a replaced roster or report) is zeroed instead of left in
    /// free pages, so erased content cannot be read back from the file. It costs nothing where
    /// nothing is freed, and little where rows are overwritten in place.
    /// </summary>
    public const string SecureDelete = "PRAGMA secure_delete = ON;";

    public const string Survey = """
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

    public const string Reports = """
        CREATE TABLE IF NOT EXISTS report_items (
            org_id   TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            scope    TEXT NOT NULL,
            meta     TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id, scope)
        );
        CREATE TABLE IF NOT EXISTS report_contents (
            org_id   TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            scope    TEXT NOT NULL,
            format   TEXT NOT NULL,
            bytes    BLOB NOT NULL,
            PRIMARY KEY (org_id, cycle_id, scope, format)
        );
        CREATE TABLE IF NOT EXISTS report_runs (
            org_id   TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id)
        );
        CREATE TABLE IF NOT EXISTS report_leases (
            org_id     TEXT NOT NULL,
            cycle_id   TEXT NOT NULL,
            token      TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, cycle_id)
        );
        CREATE TABLE IF NOT EXISTS report_requests (
            org_id     TEXT NOT NULL,
            cycle_id   TEXT NOT NULL,
            id         TEXT NOT NULL,
            json       TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id, id)
        );
        CREATE TABLE IF NOT EXISTS report_pending (
            org_id     TEXT NOT NULL,
            cycle_id   TEXT NOT NULL,
            request_id TEXT NOT NULL,
            queued_at  INTEGER NOT NULL,
            PRIMARY KEY (org_id, cycle_id)
        );
        """;

    /// <summary>The embedded work queue: visibility, dequeue count and pop receipt as in Azure Storage queues.</summary>
    public const string WorkQueue = """
        CREATE TABLE IF NOT EXISTS work_queue (
            id            TEXT NOT NULL PRIMARY KEY,
            queue         TEXT NOT NULL,
            body          TEXT NOT NULL,
            inserted_at   INTEGER NOT NULL,
            visible_at    INTEGER NOT NULL,
            dequeue_count INTEGER NOT NULL,
            pop_receipt   TEXT
        );
        CREATE INDEX IF NOT EXISTS work_queue_visible ON work_queue (queue, visible_at);
        """;

    public const string Messages = """
        CREATE TABLE IF NOT EXISTS messages (
            org_id   TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            id       TEXT NOT NULL,
            state    TEXT NOT NULL,
            due_at   INTEGER NOT NULL,
            version  INTEGER NOT NULL,
            json     TEXT NOT NULL,
            PRIMARY KEY (org_id, cycle_id, id)
        );
        CREATE INDEX IF NOT EXISTS messages_due ON messages (org_id, cycle_id, state, due_at);
        """;

    /// <summary>
    /// Puts the file in WAL mode with checkpoints left to <see cref="SqliteCheckpointer"/> and
    /// creates the survey tables, on the connection that becomes the writer.
    /// </summary>
    public static void CreateSurvey(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL;");
        // Checkpoints (copying the log into the database file, with its fsyncs) run in the
        // background, not inside whichever commit happens to cross the log-size threshold.
        Execute(connection, "PRAGMA wal_autocheckpoint = 0;");
        Execute(connection, Survey);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
