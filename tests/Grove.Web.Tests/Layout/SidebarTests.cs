using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Services.Lists;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Git;
using Grove.Testing;
using Grove.Testing.Git;
using Grove.Web.Components.Layout;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Layout;

public sealed class SidebarTests : UiTestContext
{
    private static readonly TimeSpan Wait = TestTimeouts.Default;

    private readonly CountingGit _git = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Decorate<IGitRunner>(_git.Wrap);
        services.Decorate<IWorkspaceChanges>(inner => new CountingChanges(inner));
    }

    [Fact]
    public async Task Lists_workspaces_under_their_project()
    {
        using var api = TestRepository.Create();
        using var web = TestRepository.Create();
        await AddWorkspacesAsync(api, "api", "fix-login", "add-cache");
        await AddWorkspacesAsync(web, "web", "dark-mode");

        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(() =>
        {
            var apiGroup = sidebar.Find("[data-project='api']");
            Assert.Equal(["add-cache", "fix-login"], apiGroup.QuerySelectorAll("[data-workspace]").Select(e => e.GetAttribute("data-workspace")!).Order().ToArray());
            var webGroup = sidebar.Find("[data-project='web']");
            Assert.Equal(["dark-mode"], webGroup.QuerySelectorAll("[data-workspace]").Select(e => e.GetAttribute("data-workspace")!).ToArray());
            Assert.Contains("fix-login", apiGroup.QuerySelector("[data-workspace='fix-login'] .workspace-branch")!.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_workspace_that_would_conflict_is_marked_with_the_other_and_the_file()
    {
        using var repo = TestRepository.Create();
        repo.Commit("shared", ("shared.txt", "one\ntwo\n"));
        var created = await AddWorkspacesAsync(repo, "demo", "left", "right", "elsewhere");
        File.WriteAllText(Path.Combine(created[0].WorktreePath, "shared.txt"), "ONE\ntwo\n");
        File.WriteAllText(Path.Combine(created[1].WorktreePath, "shared.txt"), "uno\ntwo\n");
        File.WriteAllText(Path.Combine(created[2].WorktreePath, "other.txt"), "x\n");

        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(
            () =>
            {
                var title = sidebar.Find("[data-workspace='left'] [data-test='conflict-mark']").GetAttribute("title");
                Assert.Equal("Would conflict with right (shared.txt)", title);
                Assert.NotNull(sidebar.Find("[data-workspace='right'] [data-test='conflict-mark']"));
                Assert.Empty(sidebar.FindAll("[data-workspace='elsewhere'] [data-test='conflict-mark']"));
            },
            Wait);
    }

    [Fact]
    public void Without_projects_it_offers_to_add_one()
    {
        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(() => Assert.NotNull(sidebar.Find("[data-test='sidebar-empty']")));
        sidebar.Find("[data-action='add-first-project']").Click();

        sidebar.WaitForElement("[data-test='add-folder-path']");
    }

    [Fact]
    public async Task Status_follows_the_tabs_live()
    {
        using var repo = TestRepository.Create();
        var (fix, docs) = (await AddWorkspacesAsync(repo, "demo", "fix-login", "docs")) switch { var w => (w[0], w[1]) };
        var tabs = Get<IAgentTabs>();
        var fixTab = await tabs.CreateAsync(new CreateTabRequest { Workspace = fix.Id }, Ct);
        var docsTab = await tabs.CreateAsync(new CreateTabRequest { Workspace = docs.Id }, Ct);
        await tabs.UpdateAsync(docsTab.Id, t => t with { Status = AgentTabStatus.Error, LastError = "boom" }, Ct);

        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() =>
        {
            Assert.Equal("idle", StatusOf(sidebar, "fix-login"));
            Assert.Equal("error", StatusOf(sidebar, "docs"));
        });

        await SetStatusAsync(fixTab, AgentTabStatus.Running);
        sidebar.WaitForAssertion(() => Assert.Equal("running", StatusOf(sidebar, "fix-login")), Wait);

        await SetStatusAsync(fixTab, AgentTabStatus.NeedsInput);
        sidebar.WaitForAssertion(() => Assert.Equal("needs-input", StatusOf(sidebar, "fix-login")), Wait);

        await SetStatusAsync(fixTab, AgentTabStatus.Idle);
        sidebar.WaitForAssertion(() =>
        {
            Assert.Equal("done", StatusOf(sidebar, "fix-login"));
            Assert.Contains("Done", sidebar.Find("[data-workspace='fix-login']").TextContent, StringComparison.Ordinal);
        }, Wait);

        // Opening the workspace clears "done".
        await sidebar.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo($"/w/{fix.Id}"));
        sidebar.WaitForAssertion(() => Assert.Equal("idle", StatusOf(sidebar, "fix-login")), Wait);
    }

    [Fact]
    public async Task Statuses_of_many_tabs_that_change_together_render_the_sidebar_once_per_batch_not_once_per_tab()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "many"))[0];
        var tabs = new List<AgentTab>();
        for (var i = 0; i < 20; i++)
        {
            tabs.Add(await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct));
        }

        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal("idle", StatusOf(sidebar, "many")));
        // Nineteen start; the last one asks for input: the sidebar shows that once it applied them all.
        var statuses = tabs.Select((tab, i) => (tab, status: i < tabs.Count - 1 ? AgentTabStatus.Running : AgentTabStatus.NeedsInput)).ToList();
        foreach (var (tab, status) in statuses)
        {
            await Get<IAgentTabs>().UpdateAsync(tab.Id, t => t with { Status = status }, Ct);
        }

        var before = sidebar.RenderCount;
        foreach (var (tab, status) in statuses)
        {
            Get<IAgentRuns>().Events.Publish(new LiveEvent(tab.Id, null, TabEventHub.StatusKind, $$"""{"status":"{{(status == AgentTabStatus.Running ? "running" : "needsinput")}}"}""", DateTimeOffset.UtcNow));
        }

        sidebar.WaitForAssertion(() => Assert.Equal("needs-input", StatusOf(sidebar, "many")), Wait);
        Assert.InRange(sidebar.RenderCount - before, 1, 5);
    }

    [Fact]
    public async Task A_tab_created_after_the_sidebar_loaded_still_reports_its_status()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "late"))[0];
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal("idle", StatusOf(sidebar, "late")));

        var tab = await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct);
        await SetStatusAsync(tab, AgentTabStatus.Running);

        sidebar.WaitForAssertion(() => Assert.Equal("running", StatusOf(sidebar, "late")), Wait);
    }

    [Fact]
    public async Task Change_counts_of_the_open_workspace_follow_its_files()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "edits"))[0];
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal("idle", StatusOf(sidebar, "edits")));
        await sidebar.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo($"/w/{workspace.Id}"));
        sidebar.WaitForAssertion(() => Assert.Equal(1, Get<WorkspaceWatchHub>().WatchedCount));
        Assert.Empty(sidebar.FindAll("[data-workspace='edits'] [data-test='workspace-changes']"));

        File.WriteAllText(Path.Combine(workspace.WorktreePath, "notes.md"), "one\ntwo\nthree\n");
        File.WriteAllText(Path.Combine(workspace.WorktreePath, "src", "app.txt"), "line 1\nline 2 changed\n");

        sidebar.WaitForAssertion(() =>
        {
            var counts = sidebar.Find("[data-workspace='edits'] [data-test='workspace-changes']");
            Assert.Equal("2", counts.GetAttribute("data-files"));
            Assert.Equal("4", counts.GetAttribute("data-added"));
            Assert.Equal("2", counts.GetAttribute("data-deleted"));
            Assert.Contains("+4", counts.TextContent, StringComparison.Ordinal);
        }, Wait);
    }

    [Fact]
    public async Task A_local_workspace_outside_git_shows_no_error_marker()
    {
        using var repo = TestRepository.Create();
        using var folder = new TempDirectory("grove-plain");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "hi\n");
        var edits = (await AddWorkspacesAsync(repo, "demo", "edits"))[0];
        var notes = await Get<IProjectService>().AddAsync(folder.Path, "notes", Ct);
        await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = notes.Id, Name = "jot", Mode = WorkspaceMode.Local }, cancellationToken: Ct);
        File.WriteAllText(Path.Combine(edits.WorktreePath, "new.txt"), "1\n");

        var sidebar = Render<Sidebar>();

        // Both are counted in the same pass: once the git workspace shows its counts, the local one has its (empty) totals too.
        sidebar.WaitForAssertion(() => Assert.Equal("1", sidebar.Find("[data-workspace='edits'] [data-test='workspace-changes']").GetAttribute("data-added")), Wait);
        Assert.Empty(sidebar.FindAll("[data-workspace='jot'] [data-test='workspace-changes-error']"));
        Assert.Empty(sidebar.FindAll("[data-workspace='jot'] .workspace-changes"));
    }

    [Fact]
    public async Task Change_counts_of_another_workspace_follow_its_files_too()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "busy"))[0];
        await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct);
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal("idle", StatusOf(sidebar, "busy")));
        sidebar.WaitForAssertion(() => Assert.Equal(1, Get<WorkspaceWatchHub>().WatchedCount));

        // Not open and no turn running: its watcher still tells.
        File.WriteAllText(Path.Combine(workspace.WorktreePath, "agent.txt"), "written by the agent\n");

        sidebar.WaitForAssertion(() => Assert.Equal("1", sidebar.Find("[data-workspace='busy'] [data-test='workspace-changes']").GetAttribute("data-added")), Wait);
    }

    [Fact]
    public async Task Every_active_workspace_is_watched_once_however_many_and_none_after_the_sidebar_leaves()
    {
        using var repo = TestRepository.Create();
        var created = await AddWorkspacesAsync(repo, "demo", [.. Enumerable.Range(1, 8).Select(i => $"w{i}")]);
        var hub = Get<WorkspaceWatchHub>();
        var sidebar = Render<Sidebar>();
        var second = Render<Sidebar>(); // another page: the same watchers
        sidebar.WaitForAssertion(() => Assert.Equal(8, Shown(sidebar).Length));
        sidebar.WaitForAssertion(() => Assert.Equal(8, hub.WatchedCount), Wait);

        await Get<IWorkspaceService>().ArchiveAsync(created[0].Id, cancellationToken: Ct);
        await sidebar.InvokeAsync(() => Services.GetRequiredService<UiCommands>().RaiseAsync(UiCommand.WorkspacesChanged));
        sidebar.WaitForAssertion(() => Assert.Equal(7, Shown(sidebar).Length), Wait);
        await second.InvokeAsync(() => second.Instance.DisposeAsync().AsTask());
        sidebar.WaitForAssertion(() => Assert.Equal(7, hub.WatchedCount), Wait);

        await sidebar.InvokeAsync(() => sidebar.Instance.DisposeAsync().AsTask());
        Assert.Equal(0, hub.WatchedCount);
    }

    [Fact]
    public async Task A_workspace_made_elsewhere_shows_on_every_open_page_from_the_one_shared_list()
    {
        using var repo = TestRepository.Create();
        var created = await AddWorkspacesAsync(repo, "demo", "first");
        var list = Get<IWorkspaceList>();
        var pages = new[] { Render<Sidebar>(), Render<Sidebar>(), Render<Sidebar>() };
        foreach (var page in pages)
        {
            page.WaitForAssertion(() => Assert.Equal(["first"], Shown(page)));
        }

        // What the CLI does: writes the database directly, no page is told. The shared list's poll finds it for all pages.
        var before = (await list.GetAsync(Ct)).Version;
        await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = created[0].ProjectId, Name = "from-cli", NoFetch = true }, cancellationToken: Ct);
        foreach (var page in pages)
        {
            page.WaitForAssertion(() => Assert.Equal(["first", "from-cli"], Shown(page).Order().ToArray()), Wait);
        }

        Assert.Equal(before + 1, (await list.GetAsync(Ct)).Version);

        // A change made through the server (one read, now) reaches every page without its poll.
        await Get<IWorkspaceService>().ArchiveAsync(created[0].Id, cancellationToken: Ct);
        await list.RefreshAsync(Ct);
        foreach (var page in pages)
        {
            page.WaitForAssertion(() => Assert.Equal(["from-cli"], Shown(page)), Wait);
        }
    }

    [Fact]
    public async Task An_idle_sidebar_runs_no_git_however_often_turns_end_and_the_list_reloads()
    {
        using var repo = TestRepository.Create();
        var created = await AddWorkspacesAsync(repo, "demo", [.. Enumerable.Range(1, 8).Select(i => $"w{i}")]);
        var tabs = new List<AgentTab>();
        foreach (var workspace in created)
        {
            tabs.Add(await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct));
        }

        File.WriteAllText(Path.Combine(created[7].WorktreePath, "draft.txt"), "d\n");
        var changes = (CountingChanges)Get<IWorkspaceChanges>();
        var ids = created.Select(w => w.Id).ToList();
        var sidebar = Render<Sidebar>();
        await changes.WaitForCountsAsync(0, ids, Ct);
        sidebar.WaitForAssertion(() => Assert.Equal("1", sidebar.Find("[data-workspace='w8'] [data-test='workspace-changes']").GetAttribute("data-added")), Wait);
        sidebar.WaitForAssertion(() => Assert.Equal(8, Get<WorkspaceWatchHub>().WatchedCount), Wait);

        // What an idle server with live agents does: turns end (each asks for a count), the list reloads.
        async Task IdleRoundAsync()
        {
            var mark = changes.Requested;
            foreach (var tab in tabs)
            {
                await SetStatusAsync(tab, AgentTabStatus.Idle);
            }

            await sidebar.InvokeAsync(() => Services.GetRequiredService<UiCommands>().RaiseAsync(UiCommand.WorkspacesChanged));
            await changes.WaitForCountsAsync(mark, ids, Ct);
        }

        // The first counts (before the watches and each new watch's own first count) may still be
        // running when the sidebar shows the numbers: one round lets them finish before counting git.
        await IdleRoundAsync();
        _git.Clear();
        for (var round = 0; round < 3; round++)
        {
            await IdleRoundAsync();
        }

        Assert.Empty(_git.Runs);
        Assert.Equal("1", sidebar.Find("[data-workspace='w8'] [data-test='workspace-changes']").GetAttribute("data-added"));

        // A change on disk costs git for that workspace only.
        File.WriteAllText(Path.Combine(created[2].WorktreePath, "new.txt"), "n\nm\n");
        sidebar.WaitForAssertion(() => Assert.Equal("2", sidebar.Find("[data-workspace='w3'] [data-test='workspace-changes']").GetAttribute("data-added")), Wait);
        Assert.Equal([Path.GetFullPath(created[2].WorktreePath)], _git.Directories());
    }

    [Fact]
    public async Task Search_filters_by_workspace_branch_and_project_name()
    {
        using var api = TestRepository.Create();
        using var web = TestRepository.Create();
        await AddWorkspacesAsync(api, "api", "fix-login", "add-cache");
        await AddWorkspacesAsync(web, "web", "dark-mode");
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal(3, sidebar.FindAll("[data-workspace]").Count));

        await SearchAsync(sidebar, "LOGIN");
        sidebar.WaitForAssertion(() =>
        {
            Assert.Equal(["fix-login"], Shown(sidebar));
            Assert.Empty(sidebar.FindAll("[data-project='web']"));
        });

        await SearchAsync(sidebar, "web");
        sidebar.WaitForAssertion(() => Assert.Equal(["dark-mode"], Shown(sidebar)));

        await SearchAsync(sidebar, "nothing-like-this");
        sidebar.WaitForAssertion(() =>
        {
            Assert.Empty(Shown(sidebar));
            Assert.Contains("nothing-like-this", sidebar.Find("[data-test='search-empty']").TextContent, StringComparison.Ordinal);
        });

        // Found and dispatched on the renderer's thread: a background re-render cannot slip in between.
        await sidebar.InvokeAsync(() => sidebar.Find("[data-test='workspace-search']").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" }));
        sidebar.WaitForAssertion(() => Assert.Equal(3, Shown(sidebar).Length));
    }

    [Fact]
    public async Task Search_matches_the_branch_too()
    {
        using var repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "ticket", Branch = "feature/JIRA-42", NoFetch = true }, cancellationToken: Ct);
        await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "other", NoFetch = true }, cancellationToken: Ct);
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal(2, Shown(sidebar).Length));

        await SearchAsync(sidebar, "jira-42");

        sidebar.WaitForAssertion(() => Assert.Equal(["ticket"], Shown(sidebar)));
    }

    [Fact]
    public async Task Archive_hides_the_workspace_and_undo_restores_it()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "keep-me", "other"))[0];
        var toasts = Render<ToastHost>();
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal(2, Shown(sidebar).Length));

        sidebar.Find("[data-workspace='keep-me'] [data-action='archive-workspace']").Click();

        sidebar.WaitForAssertion(() => Assert.Equal(["other"], Shown(sidebar)));
        Assert.True((await Get<IWorkspaceService>().ResolveAsync(workspace.Id, Ct)).IsArchived);
        toasts.WaitForAssertion(() => Assert.Contains("Archived keep-me", toasts.Find(".toast").TextContent, StringComparison.Ordinal));

        toasts.Find("[data-action='undo']").Click();

        sidebar.WaitForAssertion(() => Assert.Equal(["keep-me", "other"], Shown(sidebar).Order().ToArray()), Wait);
        Assert.False((await Get<IWorkspaceService>().ResolveAsync(workspace.Id, Ct)).IsArchived);
        Assert.True(Directory.Exists(workspace.WorktreePath));
    }

    [Fact]
    public async Task Show_archived_lists_archived_workspaces_with_restore()
    {
        using var repo = TestRepository.Create();
        var workspace = (await AddWorkspacesAsync(repo, "demo", "old", "current"))[0];
        await Get<IWorkspaceService>().ArchiveAsync(workspace.Id, cancellationToken: Ct);
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal(["current"], Shown(sidebar)));

        sidebar.Find("[data-action='show-archived']").Change(true);

        sidebar.WaitForAssertion(() => Assert.Contains("archived", sidebar.Find("[data-workspace='old']").ClassName, StringComparison.Ordinal));
        await sidebar.InvokeAsync(() => sidebar.Find("[data-workspace='old'] [data-action='restore-workspace']").Click());

        sidebar.WaitForAssertion(() => Assert.DoesNotContain("archived", sidebar.Find("[data-workspace='old']").ClassName, StringComparison.Ordinal));
        Assert.False((await Get<IWorkspaceService>().ResolveAsync(workspace.Id, Ct)).IsArchived);
    }

    [Fact]
    public async Task Keyboard_commands_switch_workspaces_and_open_the_dialog()
    {
        using var repo = TestRepository.Create();
        var created = await AddWorkspacesAsync(repo, "demo", "first", "second");
        var sidebar = Render<Sidebar>();
        sidebar.WaitForAssertion(() => Assert.Equal(2, Shown(sidebar).Length));
        var order = Shown(sidebar);
        var navigation = Services.GetRequiredService<NavigationManager>();
        var commands = Services.GetRequiredService<UiCommands>();
        string IdOf(string name) => created.Single(w => w.Name == name).Id;

        await commands.RaiseAsync(UiCommand.NextWorkspace);
        sidebar.WaitForAssertion(() => Assert.EndsWith($"/w/{IdOf(order[0])}", navigation.Uri, StringComparison.Ordinal));
        await commands.RaiseAsync(UiCommand.NextWorkspace);
        sidebar.WaitForAssertion(() => Assert.EndsWith($"/w/{IdOf(order[1])}", navigation.Uri, StringComparison.Ordinal));
        await commands.RaiseAsync(UiCommand.NextWorkspace);
        sidebar.WaitForAssertion(() => Assert.EndsWith($"/w/{IdOf(order[0])}", navigation.Uri, StringComparison.Ordinal));
        await commands.RaiseAsync(UiCommand.PreviousWorkspace);
        sidebar.WaitForAssertion(() =>
        {
            Assert.EndsWith($"/w/{IdOf(order[1])}", navigation.Uri, StringComparison.Ordinal);
            Assert.Contains("current", sidebar.Find($"[data-workspace='{order[1]}']").ClassName, StringComparison.Ordinal);
        });

        await commands.RaiseAsync(UiCommand.NewWorkspace);
        sidebar.WaitForAssertion(() => Assert.NotNull(sidebar.Find("[data-test='workspace-name']")));
    }

    [Fact]
    public async Task A_known_pull_request_is_shown_and_none_is_made_up()
    {
        using var repo = TestRepository.Create();
        var created = await AddWorkspacesAsync(repo, "demo", "with-pr", "without-pr");
        var store = Get<IWorkspaceStore>();
        await store.UpdateAsync(created[0] with { PrNumber = 42, PrState = "OPEN", PrUrl = "https://github.com/acme/demo/pull/42" }, Ct);
        await store.UpdateAsync(created[1] with { PrNumber = 7, PrState = "merged", PrUrl = "javascript:alert(1)" }, Ct);

        var sidebar = Render<Sidebar>();

        sidebar.WaitForAssertion(() =>
        {
            var pr = sidebar.Find("[data-workspace='with-pr'] [data-test='pr-state']");
            Assert.Equal("open", pr.GetAttribute("data-pr-state"));
            Assert.Equal("#42 open", pr.TextContent);
            Assert.Equal("https://github.com/acme/demo/pull/42", pr.GetAttribute("href"));
            var unsafeLink = sidebar.Find("[data-workspace='without-pr'] [data-test='pr-state']");
            Assert.Null(unsafeLink.GetAttribute("href"));
        });
        await store.UpdateAsync(created[1] with { PrNumber = null, PrState = null, PrUrl = null }, Ct);
        await sidebar.InvokeAsync(() => Services.GetRequiredService<UiCommands>().RaiseAsync(UiCommand.WorkspacesChanged));
        sidebar.WaitForAssertion(() => Assert.Empty(sidebar.FindAll("[data-workspace='without-pr'] [data-test='pr-state']")));
    }

    private async Task<IReadOnlyList<Workspace>> AddWorkspacesAsync(TestRepository repo, string projectName, params string[] names)
    {
        var project = await Get<IProjectService>().AddAsync(repo.Path, projectName, Ct);
        var created = new List<Workspace>();
        foreach (var name in names)
        {
            created.Add((await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = name, NoFetch = true }, cancellationToken: Ct)).Workspace);
        }

        return created;
    }

    /// <summary>What the run service does when a tab's status changes: store it, then publish it.</summary>
    private async Task SetStatusAsync(AgentTab tab, AgentTabStatus status)
    {
        await Get<IAgentTabs>().UpdateAsync(tab.Id, t => t with { Status = status }, Ct);
        Get<IAgentRuns>().Events.Publish(new LiveEvent(tab.Id, null, TabEventHub.StatusKind, $$"""{"status":"{{status.ToString().ToLowerInvariant()}}"}""", DateTimeOffset.UtcNow));
    }

    private static string? StatusOf(IRenderedComponent<Sidebar> sidebar, string workspace) =>
        sidebar.Find($"[data-workspace='{workspace}']").GetAttribute("data-status");

    private static string[] Shown(IRenderedComponent<Sidebar> sidebar) =>
        [.. sidebar.FindAll("[data-workspace]").Select(e => e.GetAttribute("data-workspace")!)];

    /// <summary>Types into the search box on the renderer's thread, so the handler found is the one the sidebar has (no re-render in between).</summary>
    private static Task SearchAsync(IRenderedComponent<Sidebar> sidebar, string text) =>
        sidebar.InvokeAsync(() => sidebar.Find("[data-test='workspace-search']").InputAsync(new ChangeEventArgs { Value = text }));
}
