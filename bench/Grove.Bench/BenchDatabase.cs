using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Core.Security;
using Grove.Data;
using Grove.Testing;
using Microsoft.Data.Sqlite;

namespace Grove.Bench;

/// <summary>A real Grove database file (migrated, WAL) in a temp folder, with tabs to write to.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private Workspace? _workspace;

    private BenchDatabase(TempDirectory temp, GroveDatabase database)
    {
        _temp = temp;
        Database = database;
        Stores = new GroveStores(database, new PlainProtector());
    }

    public GroveDatabase Database { get; }

    public GroveStores Stores { get; }

    public string Folder => _temp.Path;

    /// <param name="time">The database's clock and timers (default: the system's).</param>
    public static async Task<BenchDatabase> CreateAsync(TimeProvider? time = null)
    {
        var temp = new TempDirectory("grove-bench-db");
        var database = await GroveDatabase.OpenAsync(new GrovePaths(temp.Combine("data")), time ?? TimeProvider.System);
        return new BenchDatabase(temp, database);
    }

    /// <summary>A new tab (with its project and workspace the first time) holding no events.</summary>
    public async Task<string> AddTabAsync(string name)
    {
        if (_workspace is null)
        {
            var project = new Project { Id = Ids.NewProjectId(), Name = "bench", Path = _temp.Combine("project"), IsGitRepo = true };
            await Stores.Projects.AddAsync(project);
            _workspace = new Workspace { Id = Ids.NewWorkspaceId(), ProjectId = project.Id, Name = "bench", WorktreePath = _temp.Combine("ws"), Branch = "grove/bench" };
            await Stores.Workspaces.AddAsync(_workspace);
        }

        var tab = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = _workspace.Id, Name = name };
        await Stores.Tabs.AddAsync(tab);
        return tab.Id;
    }

    /// <summary>Fills a tab with <paramref name="count"/> realistic assistant text events (batched, untimed).</summary>
    public async Task SeedAsync(string tabId, int count, BenchText text)
    {
        const int Batch = 1_000;
        for (var done = 0; done < count; done += Batch)
        {
            var events = Enumerable.Range(done, Math.Min(Batch, count - done)).Select(i => TextRow(tabId, $"msg_{i / 3:x8}", text.Sentence(440))).ToList();
            await Stores.Transcripts.AppendManyAsync(events);
        }
    }

    /// <summary>Removes what a timed batch appended, so the tab stays at its nominal size (bench-only, raw SQL).</summary>
    public async Task TruncateAsync(string tabId, long keep)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM transcript_events WHERE tab_id = $tab AND seq > $keep;";
        command.Parameters.AddWithValue("$tab", tabId);
        command.Parameters.AddWithValue("$keep", keep);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A stored <c>text</c> event as the recorder writes it: the event JSON plus its searchable text.</summary>
    public static TranscriptEvent TextRow(string tabId, string messageId, string content)
    {
        var agentEvent = new TextEvent(messageId, content);
        return new TranscriptEvent { TabId = tabId, Kind = agentEvent.Kind, PayloadJson = AgentEventJson.Serialize(agentEvent), Text = agentEvent.Text };
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    /// <summary>The bench stores no secrets; the credential store still needs a protector.</summary>
    private sealed class PlainProtector : ISecretProtector
    {
        public string Protect(string plaintext) => plaintext;

        public string Unprotect(string ciphertext) => ciphertext;
    }
}
