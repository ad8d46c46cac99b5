using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SurveyNetwork.Functions.Storage.Sqlite;

/// <summary>A prepared statement with positional parameters $p0, $p1, …</summary>
internal sealed class SqliteStatement
{
    public SqliteStatement(SqliteConnection connection, string sql, int parameterCount)
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
