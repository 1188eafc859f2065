using System.Security.Cryptography;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Data.Migrations;
using Grove.Data.Tests.TestServices;
using Grove.Testing;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Tests;

public sealed class MigrationTests : IDisposable
{
    private static readonly Migration AddNotes = new(TestMigrationSource.LatestEmbeddedVersion + 1, "add_notes", "ALTER TABLE projects ADD COLUMN notes TEXT;");

    private readonly TempDirectory _temp = new("grove-migrate");
    private readonly TestTimeProvider _clock = new();
    private readonly GrovePaths _paths;

    public MigrationTests() => _paths = new GrovePaths(_temp.Combine("data"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static int Latest => TestMigrationSource.LatestEmbeddedVersion;

    [Fact]
    public async Task Fresh_database_records_every_migration_and_takes_no_backup()
    {
        await using var database = new GroveDatabase(_paths, _clock);

        var result = await database.MigrateAsync(Token);

        Assert.Equal(new MigrationResult(0, Latest, null), result);
        Assert.Equal(Latest, await VersionAsync(_paths.DatabasePath));
        Assert.Equal("initial", await ScalarAsync(_paths.DatabasePath, "SELECT name FROM schema_migrations WHERE version = 1;"));
        Assert.Empty(Directory.GetFiles(_paths.BackupsDirectory));
    }

    [Fact]
    public async Task Second_start_is_a_no_op()
    {
        await using var database = new GroveDatabase(_paths, _clock);
        await database.MigrateAsync(Token);

        var again = await database.MigrateAsync(Token);

        Assert.False(again.Migrated);
        Assert.Equal(new MigrationResult(Latest, Latest, null), again);
        Assert.Equal((long)EmbeddedMigrationSource.Instance.GetMigrations().Count, await ScalarAsync(_paths.DatabasePath, "SELECT count(*) FROM schema_migrations;"));
        Assert.Empty(Directory.GetFiles(_paths.BackupsDirectory));
    }

    [Fact]
    public async Task Existing_database_is_backed_up_with_its_WAL_content_before_a_new_migration()
    {
        await using var old = new GroveDatabase(_paths, _clock, TestMigrationSource.Embedded());
        await old.MigrateAsync(Token);
        var stores = new GroveStores(old, new TestSecretProtector());
        await stores.Projects.AddAsync(new Project { Id = "prj_backup", Name = "kept", Path = "/src/kept" }, Token);
        Assert.True(new FileInfo(_paths.DatabasePath + "-wal").Length > 0, "the row should still be in the WAL");

        await using var upgraded = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(AddNotes));
        var result = await upgraded.MigrateAsync(Token);

        Assert.Equal(Latest, result.FromVersion);
        Assert.Equal(AddNotes.Version, result.ToVersion);
        Assert.NotNull(result.BackupPath);
        Assert.Equal(_paths.BackupsDirectory, Path.GetDirectoryName(result.BackupPath));
        Assert.Contains("20260304T050607Z", result.BackupPath, StringComparison.Ordinal);
        Assert.Equal(Latest, await VersionAsync(result.BackupPath));
        Assert.Equal("kept", await ScalarAsync(result.BackupPath, "SELECT name FROM projects WHERE id = 'prj_backup';"));
        Assert.Equal(0L, await ScalarAsync(result.BackupPath, "SELECT count(*) FROM pragma_table_info('projects') WHERE name = 'notes';"));
        Assert.Equal(1L, await ScalarAsync(_paths.DatabasePath, "SELECT count(*) FROM pragma_table_info('projects') WHERE name = 'notes';"));
        Assert.Equal(AddNotes.Version, await VersionAsync(_paths.DatabasePath));
    }

    [Fact]
    public async Task Two_backups_in_the_same_second_get_distinct_names()
    {
        var second = AddNotes with { Version = AddNotes.Version + 1, Name = "more", Sql = "CREATE TABLE more_things (id INTEGER);" };
        await using (var v1 = new GroveDatabase(_paths, _clock, TestMigrationSource.Embedded()))
        {
            await v1.MigrateAsync(Token);
        }

        await using var v2 = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(AddNotes));
        var first = await v2.MigrateAsync(Token);
        await using var v3 = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(AddNotes, second));
        var next = await v3.MigrateAsync(Token);

        Assert.NotEqual(first.BackupPath, next.BackupPath);
        Assert.Equal(2, Directory.GetFiles(_paths.BackupsDirectory).Length);
    }

    [Fact]
    public async Task Newer_database_is_refused_and_left_byte_identical()
    {
        await using (var newer = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(AddNotes)))
        {
            await newer.MigrateAsync(Token);
        }

        var before = Hash(_paths.DatabasePath);
        await using var current = new GroveDatabase(_paths, _clock);

        var error = await Assert.ThrowsAsync<GroveException>(() => current.MigrateAsync(Token));

        Assert.Equal(ErrorKind.DatabaseTooNew, error.Kind);
        Assert.Contains($"version {AddNotes.Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"version {Latest}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(_paths.DatabasePath));
        Assert.Empty(Directory.GetFiles(_paths.BackupsDirectory));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("sqlite-header-then-garbage")]
    public async Task Corrupt_file_is_a_storage_error_and_is_not_overwritten(string content)
    {
        Directory.CreateDirectory(_paths.DataRoot);
        var bytes = content == "text"
            ? "this is not a database, it is a note\n"u8.ToArray()
            : [.. "SQLite format 3\0"u8.ToArray(), .. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251))];
        await File.WriteAllBytesAsync(_paths.DatabasePath, bytes, Token);
        await using var database = new GroveDatabase(_paths, _clock);

        var error = await Assert.ThrowsAsync<GroveException>(() => database.MigrateAsync(Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
        Assert.Contains(_paths.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_paths.DatabasePath, Token));
    }

    [Fact]
    public async Task Empty_file_with_nothing_beside_it_is_initialized_like_a_new_database()
    {
        Directory.CreateDirectory(_paths.DataRoot);
        await File.WriteAllBytesAsync(_paths.DatabasePath, [], Token);
        await using var database = new GroveDatabase(_paths, _clock);

        var result = await database.MigrateAsync(Token);

        Assert.Equal(new MigrationResult(0, Latest, null), result);
        Assert.Equal(Latest, await VersionAsync(_paths.DatabasePath));
    }

    [Theory]
    [InlineData(true, "-wal")]
    [InlineData(true, "-shm")]
    [InlineData(true, "-journal")]
    [InlineData(false, "-wal")]
    [InlineData(false, "-journal")]
    public async Task Empty_or_missing_file_with_leftovers_beside_it_is_refused_and_left_as_it_is(bool emptyFileExists, string suffix)
    {
        Directory.CreateDirectory(_paths.DataRoot);
        if (emptyFileExists)
        {
            await File.WriteAllBytesAsync(_paths.DatabasePath, [], Token);
        }

        byte[] leftover = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 253))];
        await File.WriteAllBytesAsync(_paths.DatabasePath + suffix, leftover, Token);
        var before = Directory.GetFiles(_paths.DataRoot).Order().ToList();
        await using var database = new GroveDatabase(_paths, _clock);

        var error = await Assert.ThrowsAsync<GroveException>(() => database.MigrateAsync(Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
        Assert.Contains(_paths.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("grove.db" + suffix, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, Directory.GetFiles(_paths.DataRoot).Order().ToList());
        Assert.Equal(leftover, await File.ReadAllBytesAsync(_paths.DatabasePath + suffix, Token));
        Assert.Equal(emptyFileExists, File.Exists(_paths.DatabasePath));
        if (emptyFileExists)
        {
            Assert.Empty(await File.ReadAllBytesAsync(_paths.DatabasePath, Token));
        }
    }

    [Fact]
    public async Task Migration_3_drops_superseded_streaming_checkpoints_and_keeps_the_last_of_an_unfinished_block()
    {
        var upTo2 = new TestMigrationSource(EmbeddedMigrationSource.Instance.GetMigrations().Where(m => m.Version <= 2));
        await using (var old = new GroveDatabase(_paths, _clock, upTo2))
        {
            await old.MigrateAsync(Token);
        }

        const string Now = "2026-01-01T00:00:00.0000000+00:00";
        static string Partial(string message, int index, string text) =>
            $$"""{"message_id":"{{message}}","index":{{index}},"delta_kind":"text","text":"{{text}}"}""";
        await ExecuteAsync(_paths.DatabasePath, $$"""
            INSERT INTO projects (id, name, path, created_at, updated_at) VALUES ('p', 'p', '/p', '{{Now}}', '{{Now}}');
            INSERT INTO workspaces (id, project_id, name, mode, worktree_path, created_at, updated_at) VALUES ('w', 'p', 'w', 'local', '/p', '{{Now}}', '{{Now}}');
            INSERT INTO agent_tabs (id, workspace_id, name, agent_kind, mode, created_at, updated_at) VALUES ('t', 'w', 't', 'claude-code', 'agent', '{{Now}}', '{{Now}}');
            INSERT INTO transcript_events (tab_id, seq, kind, payload, text, created_at) VALUES
              ('t', 1, 'partial', '{{Partial("m1", 0, "Hel")}}', NULL, '{{Now}}'),
              ('t', 2, 'partial', '{{Partial("m1", 0, "Hello")}}', NULL, '{{Now}}'),
              ('t', 3, 'text', '{"message_id":"m1","content":"Hello world"}', 'Hello world', '{{Now}}'),
              ('t', 4, 'partial', '{{Partial("m2", 0, "Cut")}}', NULL, '{{Now}}'),
              ('t', 5, 'partial', '{{Partial("m2", 0, "Cut off")}}', NULL, '{{Now}}');
            """);

        await using var database = new GroveDatabase(_paths, _clock);
        await database.MigrateAsync(Token);

        Assert.Equal("3,5", await ScalarAsync(_paths.DatabasePath, "SELECT group_concat(seq, ',') FROM (SELECT seq FROM transcript_events ORDER BY seq);"));
    }

    [Fact]
    public async Task Duplicate_migration_versions_are_a_programming_error()
    {
        var duplicate = new Migration(1, "again", "SELECT 1;");
        await using var database = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(duplicate));

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(Token));

        Assert.False(File.Exists(_paths.DatabasePath));
    }

    [Fact]
    public async Task Foreign_sqlite_database_is_refused_untouched()
    {
        Directory.CreateDirectory(_paths.DataRoot);
        await ExecuteAsync(_paths.DatabasePath, "CREATE TABLE someone_elses (x); INSERT INTO someone_elses VALUES (1);");
        var before = Hash(_paths.DatabasePath);
        await using var database = new GroveDatabase(_paths, _clock);

        var error = await Assert.ThrowsAsync<GroveException>(() => database.MigrateAsync(Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
        Assert.Contains("not a Grove database", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(_paths.DatabasePath));
    }

    [Fact]
    public async Task Failing_migration_rolls_back_and_keeps_the_old_version()
    {
        var broken = new Migration(Latest + 1, "broken", "CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;");
        await using (var v1 = new GroveDatabase(_paths, _clock, TestMigrationSource.Embedded()))
        {
            await v1.MigrateAsync(Token);
        }

        await using var database = new GroveDatabase(_paths, _clock, TestMigrationSource.EmbeddedPlus(broken));
        var error = await Assert.ThrowsAsync<GroveException>(() => database.MigrateAsync(Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
        Assert.Contains($"{Latest + 1:0000}_broken", error.Message, StringComparison.Ordinal);
        Assert.Contains("backup", error.Message, StringComparison.Ordinal);
        Assert.Equal(Latest, await VersionAsync(_paths.DatabasePath));
        Assert.Equal(0L, await ScalarAsync(_paths.DatabasePath, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done';"));
    }

    [Fact]
    public void Embedded_migrations_are_found_numbered_from_one()
    {
        var migrations = EmbeddedMigrationSource.Instance.GetMigrations();

        Assert.Equal(1, migrations[0].Version);
        Assert.Equal("initial", migrations[0].Name);
        Assert.Contains("CREATE TABLE transcript_events", migrations[0].Sql, StringComparison.Ordinal);
        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<int> VersionAsync(string path) =>
        Convert.ToInt32(await ScalarAsync(path, "SELECT MAX(version) FROM schema_migrations;"));

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Token);
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }

    public void Dispose() => _temp.Dispose();
}
