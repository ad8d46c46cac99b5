using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>
/// What the report and message stores and the embedded queue share on a SQLite file: the owner-only file, WAL mode
/// and their schema at initialization, then one connection per operation with the busy timeout and
/// secure_delete every connection runs with (<see cref="SqliteSchema.SecureDelete"/>), a busy file
/// reported as <see cref="StoreUnavailableException"/>, and commands with positional parameters $p0, $p1, …
/// </summary>
internal sealed class SqliteStoreFile
{
    private readonly string _connectionString;
    private readonly string _owner;
    private readonly string _schema;
    private volatile bool _initialized;

    /// <param name="owner">The store's name, for the error when it is used before initialization.</param>
    public SqliteStoreFile(string path, string schema, string owner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _schema = schema;
        _owner = owner;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = SqliteBusy.TimeoutMs / 1000,
        }.ToString();
    }

    public string Path { get; }

    public async Task InitializeAsync(CancellationToken ct)
    {
        Security.OwnerOnlyFiles.CreateDatabaseFile(Path);
        await using var connection = await OpenAsync(ct);
        await using (var wal = Command(connection, "PRAGMA journal_mode = WAL;"))
            await wal.ExecuteNonQueryAsync(ct);
        await using (var schema = Command(connection, _schema))
            await schema.ExecuteNonQueryAsync(ct);
        _initialized = true;
    }

    public async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken ct)
    {
        if (!_initialized)
            throw new InvalidOperationException($"{_owner} is used before InitializeAsync.");
        try
        {
            await using var connection = await OpenAsync(ct);
            return await work(connection);
        }
        catch (SqliteException e) when (SqliteBusy.IsBusy(e))
        {
            throw SqliteBusy.Unavailable(e);
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        return command;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragmas = Command(connection, $"PRAGMA busy_timeout = {SqliteBusy.TimeoutMs.ToString(CultureInfo.InvariantCulture)}; {SqliteSchema.SecureDelete}");
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
