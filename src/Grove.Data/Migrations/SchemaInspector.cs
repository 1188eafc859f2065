using Grove.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Migrations;

/// <summary>Looks at an existing database file without ever writing to it.</summary>
internal static class SchemaInspector
{
    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>Refuses (Storage) a file that does not start with the SQLite header.</summary>
    public static void EnsureSqliteHeader(string path)
    {
        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (IOException ex)
        {
            throw new GroveException(ErrorKind.Storage, $"The database '{path}' could not be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GroveException(ErrorKind.Storage, $"The database '{path}' could not be read: {ex.Message}", ex);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw new GroveException(
                ErrorKind.Storage,
                $"The file '{path}' is not a SQLite database (it may be damaged). Grove left it untouched; move it away or restore a backup.");
        }
    }

    /// <summary>
    /// The highest applied migration, read on a read-only connection: 0 for an empty database,
    /// Storage for a damaged file or a SQLite file that is not Grove's.
    /// </summary>
    public static async Task<int> ReadVersionAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = GroveDatabase.BuildConnectionString(path, SqliteOpenMode.ReadOnly, pooling: false);
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var tables = connection.Command(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';");
            var names = new List<string>();
            await using (var reader = await tables.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                }
            }

            if (names.Contains("schema_migrations"))
            {
                await using var version = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;");
                return Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (names.Count > 0)
            {
                throw new GroveException(
                    ErrorKind.Storage,
                    $"The file '{path}' is a SQLite database but not a Grove database (no schema_migrations table). Grove left it untouched.");
            }

            return 0;
        }
        catch (SqliteException ex)
        {
            throw new GroveException(
                ErrorKind.Storage,
                $"The database '{path}' could not be read; it may be damaged. Grove left it untouched. SQLite said: {ex.Message}",
                ex);
        }
    }
}
