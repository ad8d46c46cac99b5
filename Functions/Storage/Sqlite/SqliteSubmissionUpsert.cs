using System.Globalization;
using Microsoft.Data.Sqlite;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// The submission upsert of group commits, prepared once on the writer connection and run
/// through SQLite's own API: values are bound as UTF-8 straight from the submission (the
/// contacts JSON as it was serialized), with no per-row command, reader or string copies.
/// It joins whatever transaction the connection has open.
/// </summary>
internal sealed class SqliteSubmissionUpsert : IDisposable
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

    public SqliteSubmissionUpsert(SqliteConnection connection)
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
            if (!submission.SubmittedAt.TryFormat(date, out var length, SqliteSchema.DateFormat, CultureInfo.InvariantCulture))
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
