using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class AgentTabStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Added_tab_round_trips_every_field()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var workspace = await db.AddWorkspaceAsync(await db.AddProjectAsync("grove", Token), "ws", Token);
        var tab = new AgentTab
        {
            Id = Ids.NewTabId(),
            WorkspaceId = workspace.Id,
            Name = "Plan the refactor",
            AgentKind = "codex",
            SessionId = "sess-123",
            Mode = AgentMode.Plan,
            Model = "gpt-5",
            CreatedAt = TestTimeProvider.DefaultStart,
            UpdatedAt = TestTimeProvider.DefaultStart,
        };

        await db.Stores.Tabs.AddAsync(tab, Token);

        Assert.Equal(tab, await db.Stores.Tabs.GetAsync(tab.Id, Token));
        Assert.Equal("plan", await db.ScalarAsync("SELECT mode FROM agent_tabs;", Token));
    }

    [Fact]
    public async Task List_returns_a_workspaces_tabs_in_creation_order()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var project = await db.AddProjectAsync("grove", Token);
        var workspace = await db.AddWorkspaceAsync(project, "ws", Token);
        var other = await db.AddWorkspaceAsync(project, "other", Token);
        var first = await db.AddTabAsync(workspace, "b-first", Token);
        db.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await db.AddTabAsync(workspace, "a-second", Token);
        await db.AddTabAsync(other, "elsewhere", Token);

        var tabs = await db.Stores.Tabs.ListAsync(workspace.Id, Token);

        Assert.Equal([first.Id, second.Id], tabs.Select(t => t.Id));
    }

    [Fact]
    public async Task Update_records_session_and_mode()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);

        await db.Stores.Tabs.UpdateAsync(tab with { SessionId = "resumed", Mode = AgentMode.Plan, Model = "opus" }, Token);
        var stored = await db.Stores.Tabs.GetAsync(tab.Id, Token);

        Assert.Equal(("resumed", AgentMode.Plan, "opus"), (stored!.SessionId, stored.Mode, stored.Model));
    }

    [Fact]
    public async Task Tab_in_a_missing_workspace_is_NotFound_and_missing_tab_update_is_NotFound()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var orphan = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = "ws_missing", Name = "x" };

        var add = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Tabs.AddAsync(orphan, Token));
        var update = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Tabs.UpdateAsync(orphan, Token));

        Assert.Equal(ErrorKind.NotFound, add.Kind);
        Assert.Equal("Workspace 'ws_missing' does not exist.", add.Message);
        Assert.Equal(ErrorKind.NotFound, update.Kind);
    }

    [Fact]
    public async Task Duplicate_tab_id_is_AlreadyExists()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Tabs.AddAsync(tab, Token));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Contains(tab.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_reports_whether_a_tab_was_removed()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);

        Assert.True(await db.Stores.Tabs.DeleteAsync(tab.Id, Token));
        Assert.False(await db.Stores.Tabs.DeleteAsync(tab.Id, Token));
        Assert.Null(await db.Stores.Tabs.GetAsync(tab.Id, Token));
    }
}
