using Grove.Core.Errors;
using Grove.Core.Paths;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Migrations;

/// <summary>
/// Brings the database file to the newest schema this build knows. Order of checks: a file that is
/// not SQLite, or that is from a newer Grove, is refused before anything opens it for writing; an
/// existing database is copied to <see cref="GrovePaths.BackupsDirectory"/> before the first
/// pending migration; each migration runs in its own IMMEDIATE transaction and is recorded in
/// <c>schema_migrations</c>.
/// </summary>
internal sealed class DatabaseMigrator(GrovePaths paths, TimeProvider timeProvider, IMigrationSource source)
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);";

    private static readonly string[] LeftoverSuffixes = ["-wal", "-shm", "-journal"];

    private string DatabasePath => paths.DatabasePath;

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = Validate(source.GetMigrations());
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        paths.EnsureCreated();

        var isNew = IsNew();
        var current = 0;
        if (!isNew)
        {
            SchemaInspector.EnsureSqliteHeader(DatabasePath);
            current = await SchemaInspector.ReadVersionAsync(DatabasePath, cancellationToken);
            if (current > latest)
            {
                throw new GroveException(
                    ErrorKind.DatabaseTooNew,
                    $"The database '{DatabasePath}' has schema version {current}, but this Grove only knows up to version {latest}. " +
                    "Update Grove; the database was not changed.");
            }
        }

        await using var connection = await OpenForMigrationAsync(isNew, cancellationToken);
        string? backupPath = null;
        var pending = migrations.Where(m => m.Version > current).ToList();
        if (pending.Count > 0 && current > 0)
        {
            backupPath = await BackupAsync(connection, current, cancellationToken);
        }

        var version = current;
        foreach (var migration in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            version = Math.Max(version, await ApplyAsync(connection, migration, backupPath, cancellationToken));
        }

        return new MigrationResult(current, version, backupPath);
    }

    /// <summary>
    /// A missing file (or an empty one with nothing beside it: no data anywhere) is new. An empty or
    /// missing file with a WAL, shared-memory or journal file beside it may still hold data in those:
    /// refused, and every file left exactly as it is.
    /// </summary>
    private bool IsNew()
    {
        var file = new FileInfo(DatabasePath);
        if (file.Exists && file.Length > 0)
        {
            return false;
        }

        var leftovers = LeftoverSuffixes.Select(suffix => new FileInfo(DatabasePath + suffix)).Where(f => f.Exists).ToList();
        if (leftovers.Count == 0)
        {
            return true;
        }

        var state = file.Exists ? "is empty (0 bytes)" : "is missing";
        var names = string.Join(", ", leftovers.Select(f => $"'{f.Name}' ({f.Length} bytes)"));
        throw new GroveException(
            ErrorKind.Storage,
            $"The database '{DatabasePath}' {state} but {names} lies beside it, which may hold your data; Grove left every file as it is. " +
            $"Restore the database from a copy (backups are in '{paths.BackupsDirectory}'), or move these files away to start with a new database.");
    }

    private static List<Migration> Validate(IReadOnlyList<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version <= 0 || (i > 0 && ordered[i].Version == ordered[i - 1].Version))
            {
                throw new InvalidOperationException($"Migration versions must be positive and unique; found {ordered[i]}.");
            }
        }

        return ordered;
    }

    private async Task<SqliteConnection> OpenForMigrationAsync(bool isNew, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(GroveDatabase.BuildConnectionString(DatabasePath, SqliteOpenMode.ReadWriteCreate, pooling: false));
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (isNew)
            {
                PrivateFile.Restrict(DatabasePath);
            }

            await GroveDatabase.ApplyPragmasAsync(connection, cancellationToken);
            await using var wal = connection.Command("PRAGMA journal_mode = WAL;");
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new GroveException(ErrorKind.Storage, $"The database '{DatabasePath}' could not be switched to WAL mode (got '{mode}').");
            }

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

    private async Task<string> BackupAsync(SqliteConnection connection, int version, CancellationToken cancellationToken)
    {
        var stamp = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var backupPath = Path.Combine(paths.BackupsDirectory, $"grove-v{version}-{stamp}.db");
        for (var n = 1; File.Exists(backupPath); n++)
        {
            backupPath = Path.Combine(paths.BackupsDirectory, $"grove-v{version}-{stamp}-{n}.db");
        }

        try
        {
            // VACUUM INTO reads through the WAL, so the copy holds every committed change.
            await using var command = connection.Command("VACUUM INTO $path;", ("$path", backupPath));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new GroveException(
                ErrorKind.Storage, $"Could not back up '{DatabasePath}' to '{backupPath}' before migrating; nothing was changed: {ex.Message}", ex);
        }

        PrivateFile.Restrict(backupPath);
        return backupPath;
    }

    private async Task<int> ApplyAsync(SqliteConnection connection, Migration migration, string? backupPath, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            await ExecuteAsync(connection, transaction, CreateVersionTable, cancellationToken);

            // Another process may have migrated while we waited for the write lock.
            await using (var check = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;"))
            {
                check.Transaction = transaction;
                var applied = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                if (applied >= migration.Version)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return applied;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using (var record = connection.Command(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at);",
                ("$version", migration.Version),
                ("$name", migration.Name),
                ("$at", Sql.Timestamp(timeProvider.GetUtcNow()))))
            {
                record.Transaction = transaction;
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return migration.Version;
        }
        catch (SqliteException ex)
        {
            var backup = backupPath is null ? string.Empty : $" A backup taken before migrating is at '{backupPath}'.";
            throw new GroveException(
                ErrorKind.Storage, $"Migration {migration} failed on '{DatabasePath}' and was rolled back: {ex.Message}{backup}", ex);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
