using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Data.Tests.TestServices;
using Grove.Testing;

namespace Grove.Data.Tests;

public sealed class DatabaseSetupTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_database_uses_WAL_journal()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        Assert.Equal("wal", await db.ScalarAsync("PRAGMA journal_mode;", Token));
    }

    [Fact]
    public async Task Every_connection_has_foreign_keys_on_and_a_busy_timeout()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        Assert.Equal(1L, await db.ScalarAsync("PRAGMA foreign_keys;", Token));
        Assert.Equal((long)GroveDatabase.BusyTimeout.TotalMilliseconds, await db.ScalarAsync("PRAGMA busy_timeout;", Token));
    }

    [Fact]
    public async Task Bundled_sqlite_has_FTS5()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        Assert.Equal(1L, await db.ScalarAsync("SELECT sqlite_compileoption_used('ENABLE_FTS5');", Token));
        Assert.Equal(1L, await db.ScalarAsync("SELECT count(*) FROM sqlite_schema WHERE name = 'transcript_fts';", Token));
    }

    [Fact]
    public async Task Database_file_is_private_to_its_owner()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        Assert.True(File.Exists(db.Paths.DatabasePath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db.Paths.DatabasePath));
        }
    }

    [Fact]
    public async Task OpenAsync_creates_and_migrates_in_one_call()
    {
        using var temp = new TempDirectory();
        var paths = new GrovePaths(temp.Combine("data"));

        await using var database = await GroveDatabase.OpenAsync(paths, new TestTimeProvider(), Token);

        Assert.True(File.Exists(paths.DatabasePath));
        await using var connection = await database.OpenConnectionAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_migrations;";
        Assert.Equal((long)TestMigrationSource.LatestEmbeddedVersion, await command.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task Connections_never_create_a_missing_database_behind_the_migrator()
    {
        using var temp = new TempDirectory();
        var paths = new GrovePaths(temp.Combine("data"));
        Directory.CreateDirectory(paths.DataRoot);
        await using var database = new GroveDatabase(paths, new TestTimeProvider());

        var error = await Assert.ThrowsAsync<GroveException>(() => database.OpenConnectionAsync(Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
        Assert.False(File.Exists(paths.DatabasePath));
    }
}
