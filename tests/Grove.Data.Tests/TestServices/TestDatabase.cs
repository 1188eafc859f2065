using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Data.Migrations;
using Grove.Data.Stores;
using Grove.Testing;
using Microsoft.Data.Sqlite;

namespace Grove.Data.Tests.TestServices;

/// <summary>A migrated Grove database in a temp folder, with every store and a few seeding helpers.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private TestDatabase(TempDirectory temp, GrovePaths paths, GroveDatabase database, TestTimeProvider clock)
    {
        _temp = temp;
        Paths = paths;
        Database = database;
        Clock = clock;
        Stores = new GroveStores(database, Protector);
    }

    public GrovePaths Paths { get; }

    public GroveDatabase Database { get; }

    public GroveStores Stores { get; }

    public TestTimeProvider Clock { get; }

    public TestSecretProtector Protector { get; } = new();

    public string Root => _temp.Path;

    public static async Task<TestDatabase> CreateAsync(CancellationToken cancellationToken, IMigrationSource? migrations = null)
    {
        var temp = new TempDirectory("grove-data");
        var paths = new GrovePaths(temp.Combine("data"));
        var clock = new TestTimeProvider();
        var database = new GroveDatabase(paths, clock, migrations ?? EmbeddedMigrationSource.Instance);
        var result = new TestDatabase(temp, paths, database, clock);
        await database.MigrateAsync(cancellationToken);
        return result;
    }

    /// <summary>A raw connection for assertions on what is really in the file.</summary>
    public Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken) => Database.OpenConnectionAsync(cancellationToken);

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenRawAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<Project> AddProjectAsync(string name, CancellationToken cancellationToken)
    {
        var project = new Project { Id = Ids.NewProjectId(), Name = name, Path = Path.Combine(Root, "projects", name), IsGitRepo = true };
        await Stores.Projects.AddAsync(project, cancellationToken);
        return (await Stores.Projects.GetAsync(project.Id, cancellationToken))!;
    }

    public async Task<Workspace> AddWorkspaceAsync(Project project, string name, CancellationToken cancellationToken)
    {
        var workspace = new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = name,
            WorktreePath = Path.Combine(Root, "worktrees", project.Name, name),
            Branch = $"grove/{name}",
            BaseBranch = "main",
        };
        await Stores.Workspaces.AddAsync(workspace, cancellationToken);
        return (await Stores.Workspaces.GetAsync(workspace.Id, cancellationToken))!;
    }

    public async Task<AgentTab> AddTabAsync(Workspace workspace, string name, CancellationToken cancellationToken)
    {
        var tab = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = workspace.Id, Name = name };
        await Stores.Tabs.AddAsync(tab, cancellationToken);
        return (await Stores.Tabs.GetAsync(tab.Id, cancellationToken))!;
    }

    /// <summary>A project, one workspace and one tab, ready for transcript tests.</summary>
    public async Task<AgentTab> AddTabWithParentsAsync(CancellationToken cancellationToken, string prefix = "p")
    {
        var project = await AddProjectAsync($"{prefix}-project", cancellationToken);
        var workspace = await AddWorkspaceAsync(project, $"{prefix}-ws", cancellationToken);
        return await AddTabAsync(workspace, $"{prefix}-tab", cancellationToken);
    }

    public static TranscriptEvent Event(string tabId, string? text, string kind = "assistant") =>
        new() { TabId = tabId, Kind = kind, PayloadJson = $$"""{"type":"{{kind}}"}""", Text = text };

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _temp.Dispose();
    }
}
