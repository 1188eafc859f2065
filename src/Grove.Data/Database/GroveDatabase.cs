using Grove.Core.Paths;
using Grove.Data.Migrations;
using Microsoft.Data.Sqlite;

namespace Grove.Data;

/// <summary>
/// The one SQLite file behind Grove. Opens connections with the pragmas every connection needs
/// (foreign keys on, busy timeout, WAL-friendly sync), owns the single writer connection, and
/// migrates the schema (<see cref="MigrateAsync"/>) before anything else touches it.
/// </summary>
/// <remarks>
/// Reads open a fresh pooled connection each (WAL lets them run beside the writer); writes go
/// through <see cref="WriteAsync{T}"/>, one at a time, on a dedicated connection whose prepared
/// statements are reused.
/// </remarks>
public sealed class GroveDatabase : IDisposable, IAsyncDisposable
{
    /// <summary>How long a connection waits for a lock held by another connection or process.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    private readonly IMigrationSource _migrations;
    private readonly DatabaseWriter _writer;

    public GroveDatabase(GrovePaths paths, TimeProvider timeProvider)
        : this(paths, timeProvider, EmbeddedMigrationSource.Instance)
    {
    }

    internal GroveDatabase(GrovePaths paths, TimeProvider timeProvider, IMigrationSource migrations)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Paths = paths;
        TimeProvider = timeProvider;
        _migrations = migrations;
        ConnectionString = BuildConnectionString(paths.DatabasePath, SqliteOpenMode.ReadWrite, pooling: true);
        _writer = new DatabaseWriter(this);
        SearchIndex = new Stores.TranscriptIndexer(this);
    }

    public GrovePaths Paths { get; }

    public TimeProvider TimeProvider { get; }

    public string DatabasePath => Paths.DatabasePath;

    internal string ConnectionString { get; }

    /// <summary>The one indexer of this database's transcript search index (off the append path).</summary>
    internal Stores.TranscriptIndexer SearchIndex { get; }

    /// <summary>
    /// Opens the database for code that runs without DI (bench, CLI offline commands): creates the
    /// data folder, migrates, and returns a ready database. Dispose it when done.
    /// </summary>
    public static async Task<GroveDatabase> OpenAsync(GrovePaths paths, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var database = new GroveDatabase(paths, timeProvider ?? TimeProvider.System);
        try
        {
            await database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates or upgrades the schema. Backs up an existing database before changing it; refuses a
    /// database from a newer Grove (<c>DatabaseTooNew</c>) or a file that is not SQLite (<c>Storage</c>).
    /// </summary>
    /// <remarks>Then indexes for search whatever the last run committed but did not index (it may have crashed).</remarks>
    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var result = await new DatabaseMigrator(Paths, TimeProvider, _migrations).MigrateAsync(cancellationToken);
        await SearchIndex.CatchUpAtStartAsync(cancellationToken);
        return result;
    }

    /// <summary>Opens a new connection (pooled) with Grove's per-connection pragmas applied.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ApplyPragmasAsync(connection, cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw SqliteErrors.Translate(ex, DatabasePath);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a read on its own connection; SQLite errors become <see cref="Core.Errors.GroveException"/>.</summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            return await read(connection, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(ex, DatabasePath);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside one IMMEDIATE transaction on the writer connection, one
    /// writer at a time. Constraint failures are translated by <paramref name="describeConflict"/>.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<WriteContext, T> write, Func<SqliteConstraint, string?>? describeConflict, CancellationToken cancellationToken) =>
        _writer.RunAsync(write, describeConflict, cancellationToken);

    internal static string BuildConnectionString(string path, SqliteOpenMode mode, bool pooling) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = pooling,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();

    internal static async Task ApplyPragmasAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        SearchIndex.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
