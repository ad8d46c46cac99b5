using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>How the SQLite stores wait for a database another connection is writing, and what they report when it stays busy.</summary>
internal static class SqliteBusy
{
    /// <summary>How long a statement waits for a lock before SQLite gives up.</summary>
    public const int TimeoutMs = 10_000;

    public static bool IsBusy(SqliteException e) =>
        e.SqliteErrorCode is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */;

    public static StoreUnavailableException Unavailable(SqliteException e) =>
        new("The SQLite database is busy; retry shortly.", e);
}
