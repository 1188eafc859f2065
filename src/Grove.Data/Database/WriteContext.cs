using Microsoft.Data.Sqlite;

namespace Grove.Data;

/// <summary>The writer connection and its open transaction, handed to one write.</summary>
internal sealed class WriteContext(SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, SqliteCommand> commands)
{
    public SqliteConnection Connection { get; } = connection;

    public SqliteTransaction Transaction { get; } = transaction;

    /// <summary>
    /// A prepared command for <paramref name="sql"/>, created once per writer connection and reused;
    /// its parameters are cleared and it is enlisted in the current transaction.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> with the given parameters; returns the rows changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql);
        command.Bind(parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> and returns its first column of the first row.</summary>
    public T Scalar<T>(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql);
        command.Bind(parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
