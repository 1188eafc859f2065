using Grove.Git.Watching;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Testing;
using Grove.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Changes;

/// <summary>
/// Refreshes that do not come from the file watcher: the watcher is replaced by one that never
/// reports, so only an agent turn ending or the refresh button can show a new file. The panel gets
/// its watcher through <see cref="WorkspaceWatchHub"/>, so the doubles also count how many exist.
/// </summary>
public sealed class ChangesPanelRefreshTests : ChangesBed
{
    private readonly SilentWatcherFactory _watchers = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IWorkspaceWatcherFactory>(_watchers);

    [Fact]
    public async Task An_agent_turn_ending_in_the_workspace_refreshes_the_list()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var tab = await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "main" }, Ct);
        var panel = await RenderSettledAsync(workspace);
        panel.Find("[data-test='changes-empty']");
        Write(workspace, "written-by-agent.txt", "x\n");

        Get<IAgentRuns>().Events.Publish(new LiveEvent(tab.Id, null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UtcNow));

        WaitFor(panel, () => panel.Find(Row("written-by-agent.txt", "unstaged")));
    }

    [Fact]
    public async Task The_refresh_button_reads_the_changes_again()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = await RenderSettledAsync(workspace);
        Write(workspace, "manual.txt", "x\n");
        Assert.Empty(panel.FindAll("[data-file='manual.txt']"));

        await ClickAsync(panel, "[data-action='refresh']");

        WaitFor(panel, () => panel.Find(Row("manual.txt", "unstaged")));
    }

    [Fact]
    public async Task The_watcher_is_disposed_with_the_panel()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        await RenderSettledAsync(workspace);
        var watcher = Assert.Single(_watchers.Created);
        Assert.Equal(workspace.WorktreePath, watcher.WorktreePath);
        Assert.False(watcher.Disposed);

        await DisposeComponentsAsync();

        Assert.True(watcher.Disposed);
    }

    [Fact]
    public async Task Switching_to_another_workspace_shows_its_changes_and_watches_it_instead()
    {
        using var repo = TestRepository.Create();
        var first = await CreateWorkspaceAsync(repo, "first");
        var second = await CreateWorkspaceAsync(repo, "second");
        Write(first, "only-in-first.txt", "1\n");
        Write(second, "only-in-second.txt", "2\n");
        var panel = await RenderSettledAsync(first);
        panel.Find(Row("only-in-first.txt", "unstaged"));

        panel.Render(p => p.Add(x => x.WorkspaceId, second.Id));

        WaitFor(panel, () =>
        {
            panel.Find(Row("only-in-second.txt", "unstaged"));
            Assert.Empty(panel.FindAll("[data-file='only-in-first.txt']"));
        });
        await panel.Instance.Live.WaitAsync(Ct);
        Assert.Equal([first.WorktreePath, second.WorktreePath], _watchers.Created.Select(w => w.WorktreePath));
        Assert.True(_watchers.Created[0].Disposed);
        Assert.False(_watchers.Created[1].Disposed);
    }

    [Fact]
    public async Task The_panel_shares_the_sidebars_watcher_of_the_open_workspace()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var hub = Get<WorkspaceWatchHub>();
        var sidebar = Render<Sidebar>();
        await sidebar.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo($"/w/{workspace.Id}"));
        sidebar.WaitForAssertion(() => Assert.Equal(1, hub.WatchedCount), TestTimeouts.Default);

        var panel = await RenderSettledAsync(workspace);

        var watcher = Assert.Single(_watchers.Created);
        Assert.Equal(workspace.WorktreePath, watcher.WorktreePath);
        await panel.InvokeAsync(() => panel.Instance.DisposeAsync().AsTask());
        Assert.False(watcher.Disposed); // the sidebar still follows it
        await sidebar.InvokeAsync(() => sidebar.Instance.DisposeAsync().AsTask());
        Assert.True(watcher.Disposed);
        Assert.Equal(0, hub.WatchedCount);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_the_last_good_list_and_says_so()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "kept.txt", "x\n");
        var panel = await RenderSettledAsync(workspace);
        WaitFor(panel, () => panel.Find(Row("kept.txt", "unstaged")));

        // The worktree's .git link goes away: git cannot read the worktree any more.
        var gitLink = Path.Combine(workspace.WorktreePath, ".git");
        File.Move(gitLink, gitLink + ".away");
        await ClickAsync(panel, "[data-action='refresh']");

        WaitFor(panel, () => panel.Find("[data-test='changes-stale']"));
        panel.Find(Row("kept.txt", "unstaged"));
        Assert.Empty(panel.FindAll("[data-test='changes-unavailable']"));

        File.Move(gitLink + ".away", gitLink);
        await ClickAsync(panel, "[data-action='refresh']");
        WaitFor(panel, () => Assert.Empty(panel.FindAll("[data-test='changes-stale']")));
        panel.Find(Row("kept.txt", "unstaged"));
    }

    [Fact]
    public void An_unknown_workspace_shows_why_instead_of_failing()
    {
        var panel = Render<Grove.Web.Components.Changes.ChangesPanel>(p => p.Add(x => x.WorkspaceId, "no-such-workspace"));

        WaitFor(panel, () => Assert.Contains("no-such-workspace", panel.Find("[data-test='changes-unavailable']").TextContent, StringComparison.Ordinal));
        Assert.Empty(_watchers.Created);
    }

    /// <summary>A watcher that never reports; it remembers whether it was disposed.</summary>
    private sealed class SilentWatcherFactory : IWorkspaceWatcherFactory
    {
        public List<SilentWatcher> Created { get; } = [];

        public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null)
        {
            var watcher = new SilentWatcher(worktreePath);
            lock (Created)
            {
                Created.Add(watcher);
            }

            return watcher;
        }
    }

    private sealed class SilentWatcher(string worktreePath) : IWorkspaceWatcher
    {
        public string WorktreePath { get; } = worktreePath;

        public bool Disposed { get; private set; }

#pragma warning disable CS0067 // never raised, on purpose
        public event Action<WorkspaceChange>? Changed;
#pragma warning restore CS0067

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
