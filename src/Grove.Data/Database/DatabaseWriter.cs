using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Grove.Data;

/// <summary>
/// The single writer connection: one write transaction at a time (a <see cref="SemaphoreSlim"/>),
/// prepared commands cached by SQL text and reused, so an append costs a bind and a step; the
/// hottest statements (a transcript row) also as raw SQLite statements (<see cref="WriteContext.Statement"/>).
/// </summary>
internal sealed class DatabaseWriter(GroveDatabase database) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
    private bool _disposed;

    public async Task<T> RunAsync<T>(Func<WriteContext, T> write, Func<SqliteConstraint, string?>? describeConflict, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = await EnsureOpenAsync(cancellationToken);
            using var transaction = connection.BeginTransaction(deferred: false);
            try
            {
                var result = write(new WriteContext(connection, transaction, _commands, _statements));
                transaction.Commit();
                return result;
            }
            catch
            {
                RollBackQuietly(transaction);
                throw;
            }
        }
        catch (SqliteException ex)
        {
            if (!SqliteErrors.IsConstraint(ex))
            {
                ResetConnection();
            }

            throw SqliteErrors.Translate(ex, database.DatabasePath, describeConflict);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SqliteConnection> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            _connection = await database.OpenConnectionAsync(cancellationToken);
        }

        return _connection;
    }

    private static void RollBackQuietly(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (SqliteException)
        {
            // The transaction was already rolled back by SQLite (e.g. after an I/O error).
        }
        catch (InvalidOperationException)
        {
            // Already completed.
        }
    }

    private void ResetConnection()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();

        // Finalized before the connection goes (back to the pool): a statement left open would keep it busy.
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            ResetConnection();
        }
        finally
        {
            _gate.Release();
        }
    }
}
