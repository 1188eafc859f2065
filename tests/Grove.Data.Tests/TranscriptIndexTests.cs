using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Data.Migrations;
using Grove.Data.Tests.TestServices;
using Grove.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Data.Tests;

/// <summary>
/// The search index off the append path: appends don't write it, a background indexer batches it,
/// and a search (or a start after a crash) first indexes whatever is pending, so nothing committed
/// is ever unsearchable.
/// </summary>
public sealed class TranscriptIndexTests : IDisposable
{
    private readonly TempDirectory _temp = new("grove-fts");
    private readonly GrovePaths _paths;

    public TranscriptIndexTests() => _paths = new GrovePaths(_temp.Combine("data"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_append_is_not_indexed_on_the_append_path_but_a_search_right_after_finds_it()
    {
        var clock = new FakeTimeProvider(TestTimeProvider.DefaultStart); // the background indexer never runs
        await using var db = await OpenAsync(clock);
        var stores = new GroveStores(db, new TestSecretProtector());
        var tab = await AddTabAsync(stores);

        await stores.Transcripts.AppendAsync(TestDatabase.Event(tab, "a quokka smiles"), Token);
        await stores.Transcripts.AppendManyAsync([TestDatabase.Event(tab, "a numbat digs"), TestDatabase.Event(tab, null)], Token);

        Assert.Equal(0L, await MarkAsync());
        Assert.Equal([1L], (await stores.Transcripts.SearchAsync("quokka", cancellationToken: Token)).Select(h => h.Sequence));
        Assert.Equal([2L], (await stores.Transcripts.SearchAsync("numbat", cancellationToken: Token)).Select(h => h.Sequence));
        Assert.Equal(3L, await MarkAsync());
        await AssertIndexMatchesRowsAsync();
    }

    [Fact]
    public async Task The_background_indexer_indexes_a_batch_after_the_delay()
    {
        var clock = new FakeTimeProvider(TestTimeProvider.DefaultStart);
        await using var db = await OpenAsync(clock);
        var stores = new GroveStores(db, new TestSecretProtector());
        var tab = await AddTabAsync(stores);
        await stores.Transcripts.AppendManyAsync([.. Enumerable.Range(1, 5).Select(i => TestDatabase.Event(tab, $"wombat {i}"))], Token);
        await stores.Transcripts.AppendAsync(TestDatabase.Event(tab, "wombat 6"), Token);
        Assert.Equal(0L, await MarkAsync());

        clock.Advance(Stores.TranscriptIndexer.Delay);
        await db.SearchIndex.LastRun.WaitAsync(TestTimeouts.Token(Token));

        Assert.Equal(6L, await MarkAsync());
        Assert.Equal(6L, await ScalarAsync("SELECT count(*) FROM transcript_fts WHERE transcript_fts MATCH 'wombat';"));
        await AssertIndexMatchesRowsAsync();
    }

    [Fact]
    public async Task Rows_committed_but_not_indexed_before_a_crash_are_indexed_at_the_next_start()
    {
        var clock = new FakeTimeProvider(TestTimeProvider.DefaultStart);
        string tab;
        await using (var crashed = await OpenAsync(clock))
        {
            var stores = new GroveStores(crashed, new TestSecretProtector());
            tab = await AddTabAsync(stores);
            await stores.Transcripts.AppendManyAsync([TestDatabase.Event(tab, "first echidna"), TestDatabase.Event(tab, "second echidna")], Token);
            Assert.Equal(2, (await stores.Transcripts.SearchAsync("echidna", cancellationToken: Token)).Count);
            await stores.Transcripts.AppendAsync(TestDatabase.Event(tab, "third echidna, never indexed"), Token);

            // Gone without a flush: the indexer is dropped with its timer still pending.
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(2L, await MarkAsync());
        Assert.Equal(3L, await ScalarAsync("SELECT MAX(id) FROM transcript_events;"));

        await using var restarted = await OpenAsync(new FakeTimeProvider(TestTimeProvider.DefaultStart));

        Assert.Equal(3L, await MarkAsync()); // indexed at start-up, before any search
        var hits = await new GroveStores(restarted, new TestSecretProtector()).Transcripts.SearchAsync("never indexed", cancellationToken: Token);
        Assert.Equal([(tab, 3L)], hits.Select(h => (h.TabId, h.Sequence)));
        await AssertIndexMatchesRowsAsync();
    }

    [Fact]
    public async Task Deletes_take_indexed_and_pending_rows_out_and_a_reused_id_is_still_indexed()
    {
        var clock = new FakeTimeProvider(TestTimeProvider.DefaultStart);
        await using var db = await OpenAsync(clock);
        var stores = new GroveStores(db, new TestSecretProtector());
        var kept = await AddTabAsync(stores, "kept");
        var doomed = await AddTabAsync(stores, "doomed");
        await stores.Transcripts.AppendAsync(TestDatabase.Event(kept, "alpha platypus"), Token);
        await stores.Transcripts.AppendAsync(TestDatabase.Event(doomed, "bravo platypus indexed"), Token);
        Assert.Equal(2, (await stores.Transcripts.SearchAsync("platypus", cancellationToken: Token)).Count); // ids 1-2 indexed
        await stores.Transcripts.AppendAsync(TestDatabase.Event(doomed, "charlie platypus pending"), Token); // id 3, not indexed

        Assert.True(await stores.Tabs.DeleteAsync(doomed, Token));

        // The highest ids are gone, so SQLite hands out id 2 again: it must not count as indexed.
        Assert.Equal(1L, await MarkAsync());
        var reused = await stores.Transcripts.AppendAsync(TestDatabase.Event(kept, "delta platypus"), Token);
        Assert.Equal(2L, reused.Sequence);
        Assert.Equal(2L, await ScalarAsync("SELECT MAX(id) FROM transcript_events;"));
        var hits = await stores.Transcripts.SearchAsync("platypus", cancellationToken: Token);
        Assert.Equal([1L, 2L], hits.Select(h => h.Sequence).Order());
        Assert.All(hits, h => Assert.Equal(kept, h.TabId));
        Assert.Empty(await stores.Transcripts.SearchAsync("bravo", cancellationToken: Token));
        Assert.Empty(await stores.Transcripts.SearchAsync("charlie", cancellationToken: Token));
        await AssertIndexMatchesRowsAsync();
    }

    [Fact]
    public async Task A_superseded_streaming_checkpoint_leaves_the_index_whether_or_not_it_was_indexed()
    {
        await using var db = await OpenAsync(new FakeTimeProvider(TestTimeProvider.DefaultStart));
        var stores = new GroveStores(db, new TestSecretProtector());
        var tab = await AddTabAsync(stores);
        var first = await stores.Transcripts.AppendAsync(TestDatabase.Event(tab, "Hello kakapo", "partial"), Token);
        Assert.Single(await stores.Transcripts.SearchAsync("kakapo", cancellationToken: Token)); // the checkpoint is indexed
        var second = (await stores.Transcripts.AppendSupersedingAsync(tab, [TestDatabase.Event(tab, "Hello kakapo and kea", "partial")], [first.Sequence], Token))[0];

        await stores.Transcripts.AppendSupersedingAsync(tab, [TestDatabase.Event(tab, "Hello kakapo and kea, done", "text")], [second.Sequence], Token);

        var hit = Assert.Single(await stores.Transcripts.SearchAsync("kakapo", cancellationToken: Token));
        Assert.Equal(("text", 3L), (hit.Kind, hit.Sequence));
        await AssertIndexMatchesRowsAsync();
    }

    [Fact]
    public async Task Migrating_a_database_with_rows_indexed_by_the_old_trigger_keeps_them_searchable()
    {
        var upTo11 = new TestMigrationSource(EmbeddedMigrationSource.Instance.GetMigrations().Where(m => m.Version <= 11));
        await using (var old = new GroveDatabase(_paths, new FakeTimeProvider(TestTimeProvider.DefaultStart), upTo11))
        {
            await old.MigrateAsync(Token);
        }

        const string Now = "2026-01-01T00:00:00.0000000+00:00";
        await ExecuteAsync($"""
            INSERT INTO projects (id, name, path, created_at, updated_at) VALUES ('p', 'p', '/p', '{Now}', '{Now}');
            INSERT INTO workspaces (id, project_id, name, mode, worktree_path, created_at, updated_at) VALUES ('w', 'p', 'w', 'local', '/p', '{Now}', '{Now}');
            INSERT INTO agent_tabs (id, workspace_id, name, agent_kind, mode, created_at, updated_at) VALUES ('t', 'w', 't', 'claude-code', 'agent', '{Now}', '{Now}');
            INSERT INTO transcript_events (tab_id, seq, kind, payload, text, created_at) VALUES
              ('t', 1, 'user', '{"{}"}', 'an old gecko', '{Now}'),
              ('t', 2, 'tool_use', '{"{}"}', NULL, '{Now}'),
              ('t', 3, 'text', '{"{}"}', 'another old gecko', '{Now}');
            """);

        await using var migrated = await OpenAsync(new FakeTimeProvider(TestTimeProvider.DefaultStart));
        var stores = new GroveStores(migrated, new TestSecretProtector());

        Assert.Equal(3L, await MarkAsync());
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'transcript_events_fts_insert';"));
        await stores.Transcripts.AppendAsync(TestDatabase.Event("t", "a new gecko"), Token);
        var hits = await stores.Transcripts.SearchAsync("gecko", cancellationToken: Token);
        Assert.Equal([1L, 3L, 4L], hits.Select(h => h.Sequence).Order());
        await AssertIndexMatchesRowsAsync();
    }

    private async Task<GroveDatabase> OpenAsync(TimeProvider clock)
    {
        var database = new GroveDatabase(_paths, clock);
        await database.MigrateAsync(Token);
        return database;
    }

    private static async Task<string> AddTabAsync(GroveStores stores, string name = "t")
    {
        var project = new Project { Id = Ids.NewProjectId(), Name = $"{name}-p", Path = $"/projects/{name}", IsGitRepo = true };
        await stores.Projects.AddAsync(project, Token);
        var workspace = new Workspace { Id = Ids.NewWorkspaceId(), ProjectId = project.Id, Name = $"{name}-w", WorktreePath = $"/worktrees/{name}", Branch = $"grove/{name}" };
        await stores.Workspaces.AddAsync(workspace, Token);
        var tab = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = workspace.Id, Name = name };
        await stores.Tabs.AddAsync(tab, Token);
        return tab.Id;
    }

    private Task<object?> MarkAsync() => ScalarAsync("SELECT indexed_upto FROM transcript_fts_state;");

    /// <summary>
    /// After catching up, the index is consistent, and holds exactly the rows' text: FTS5's own check
    /// against the content table, which counts rows too, so it applies only when no row lacks text
    /// (those are never indexed, as before).
    /// </summary>
    private async Task AssertIndexMatchesRowsAsync()
    {
        var againstRows = (long)(await ScalarAsync("SELECT count(*) FROM transcript_events WHERE text IS NULL;"))! == 0 ? 1 : 0;
        await using var connection = new SqliteConnection($"Data Source={_paths.DatabasePath};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO transcript_fts (transcript_fts, rank) VALUES ('integrity-check', {againstRows});";
        await command.ExecuteNonQueryAsync(Token);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_paths.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Token);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_paths.DatabasePath};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
