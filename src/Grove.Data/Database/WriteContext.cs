using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Grove.Data;

/// <summary>The writer connection and its open transaction, handed to one write.</summary>
internal sealed class WriteContext(
    SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, SqliteCommand> commands, Dictionary<string, sqlite3_stmt> statements)
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

    /// <summary>
    /// A raw prepared statement for <paramref name="sql"/> (one statement), created once per writer
    /// connection and reused, reset and its bindings cleared. For the hottest write (a transcript row):
    /// values are bound from a reused UTF-8 buffer, with no command, reader, boxed value or UTF-8 array
    /// per row. Run it with <see cref="Step"/>.
    /// </summary>
    public sqlite3_stmt Statement(string sql)
    {
        if (!statements.TryGetValue(sql, out var statement))
        {
            var rc = raw.sqlite3_prepare_v2(Connection.Handle, sql, out statement);
            SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
            statements[sql] = statement;
        }
        else
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }

        return statement;
    }

    /// <summary>Runs a statement from <see cref="Statement"/> that returns no rows; a failure throws the <see cref="SqliteException"/> a command would.</summary>
    public void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            // The statement's error (e.g. a constraint) as SqliteException, as the command path reports it.
            raw.sqlite3_reset(statement);
            SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, Connection.Handle);
        }

        raw.sqlite3_reset(statement);
    }

    /// <summary>
    /// Binds text to a parameter of a <see cref="Statement"/> (1-based), encoded to UTF-8 in a stack or
    /// pooled buffer (SQLite copies it): the same bytes Microsoft.Data.Sqlite would bind, without its
    /// array per value, and through .NET's vectorized encoder rather than SQLite's UTF-16 translation.
    /// </summary>
    public void Bind(sqlite3_stmt statement, int index, ReadOnlySpan<char> text)
    {
        const int StackBytes = 512;
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = most <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            Check(raw.sqlite3_bind_text(statement, index, buffer[..length]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Bind(sqlite3_stmt statement, int index, long value) =>
        Check(raw.sqlite3_bind_int64(statement, index, value));

    public void BindNull(sqlite3_stmt statement, int index) =>
        Check(raw.sqlite3_bind_null(statement, index));

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, Connection.Handle);

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
