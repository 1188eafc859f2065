using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Git.Watching;
using Grove.Services.Agents;
using Grove.Services.Changes;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Changes;

/// <summary>The live feed of a workspace (<see cref="IWorkspaceFeeds"/>) on a real repository; file bursts are raised by hand so merging is exact.</summary>
public sealed class WorkspaceFeedTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Bursts_while_the_consumer_is_busy_arrive_as_one_update_with_fresh_totals()
    {
        using var repo = TestRepository.Create();
        var watchers = new ManualWatcherFactory();
        await using var app = await TestApp.StartAsync(s => s.AddSingleton<IWorkspaceWatcherFactory>(watchers));
        var workspace = await CreateWorkspaceAsync(app, repo, "busy");
        var updates = Channel.CreateUnbounded<WorkspaceFeedUpdate>();
        var release = new TaskCompletionSource();

        await using var feed = app.App.Get<IWorkspaceFeeds>().Open(workspace, async (update, ct) =>
        {
            updates.Writer.TryWrite(update);
            await release.Task.WaitAsync(ct);
        });
        var first = await updates.Reader.ReadAsync(Ct);
        File.WriteAllText(Path.Combine(workspace.WorktreePath, "a.txt"), "1\n2\n");
        var watcher = Assert.Single(watchers.Created);
        watcher.Raise(WorkspaceChangeKinds.WorkingFiles, "a.txt");
        watcher.Raise(WorkspaceChangeKinds.WorkingFiles, "b.txt");
        watcher.Raise(WorkspaceChangeKinds.Index);
        release.SetResult();
        var second = await updates.Reader.ReadAsync(Ct);
        await feed.Current.WaitAsync(Ct);

        Assert.True(first.Recount);
        Assert.Null(first.Files);
        Assert.Equal(0, first.Totals!.ChangedFiles);
        Assert.Equal(["a.txt", "b.txt"], second.Files!.Paths);
        Assert.Equal(["index", "workingFiles"], second.Files.Kinds.Order(StringComparer.Ordinal));
        Assert.True(second.Recount);
        Assert.Equal(1, second.Totals!.ChangedFiles);
        Assert.Equal(2, second.Totals.Added);
        Assert.Equal(workspace.Id, second.Totals.WorkspaceId);
        Assert.False(updates.Reader.TryRead(out _)); // two updates for four events
    }

    [Fact]
    public async Task Refresh_asks_for_a_recount_and_its_task_includes_it()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync(s => s.AddSingleton<IWorkspaceWatcherFactory>(new ManualWatcherFactory()));
        var workspace = await CreateWorkspaceAsync(app, repo, "refresh");
        var totals = new List<WorkspaceTotals>();
        await using var feed = app.App.Get<IWorkspaceFeeds>().Open(workspace, (update, _) =>
        {
            lock (totals)
            {
                totals.Add(update.Totals!);
            }

            return Task.CompletedTask;
        });
        await feed.Current.WaitAsync(Ct);
        File.WriteAllText(Path.Combine(workspace.WorktreePath, "new.txt"), "x\n");

        await feed.Refresh().WaitAsync(Ct);

        lock (totals)
        {
            Assert.Equal([0, 1], totals.Select(t => t.ChangedFiles));
        }
    }

    [Fact]
    public async Task Tab_statuses_of_this_workspace_arrive_and_other_workspaces_tabs_do_not()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync(s => s.AddSingleton<IWorkspaceWatcherFactory>(new ManualWatcherFactory()));
        var workspace = await CreateWorkspaceAsync(app, repo, "mine");
        await CreateWorkspaceAsync(app, repo, "theirs");
        var tabs = app.App.Get<IAgentTabs>();
        var mine = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "agent" }, Ct);
        var theirs = await tabs.CreateAsync(new CreateTabRequest { Workspace = "theirs", Name = "other" }, Ct);
        var statuses = Channel.CreateUnbounded<WorkspaceTabStatusEvent>();
        await using var feed = app.App.Get<IWorkspaceFeeds>().Open(workspace, (update, _) =>
        {
            foreach (var status in update.Tabs)
            {
                statuses.Writer.TryWrite(status);
            }

            return Task.CompletedTask;
        }, new WorkspaceFeedOptions(Totals: false));
        var hub = app.App.Get<TabEventHub>();

        hub.Publish(new LiveEvent(theirs.Id, null, TabEventHub.StatusKind, """{"status":"running"}""", DateTimeOffset.UtcNow));
        hub.Publish(new LiveEvent(mine.Id, null, TabEventHub.StatusKind, """{"status":"needsinput"}""", DateTimeOffset.UtcNow));
        var seen = await statuses.Reader.ReadAsync(Ct);

        Assert.Equal(mine.Id, seen.TabId);
        Assert.Equal("agent", seen.Name);
        Assert.Equal("needsinput", seen.Status);
        Assert.Equal(workspace.Id, seen.WorkspaceId);
    }

    [Fact]
    public async Task Disposing_releases_the_shared_watch_and_stops_the_updates()
    {
        using var repo = TestRepository.Create();
        var watchers = new ManualWatcherFactory();
        await using var app = await TestApp.StartAsync(s => s.AddSingleton<IWorkspaceWatcherFactory>(watchers));
        var workspace = await CreateWorkspaceAsync(app, repo, "gone");
        var hub = app.App.Get<WorkspaceWatchHub>();
        var calls = 0;
        var feeds = app.App.Get<IWorkspaceFeeds>();
        var first = feeds.Open(workspace, (_, _) => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        var second = feeds.Open(workspace, (_, _) => Task.CompletedTask);
        await first.Current.WaitAsync(Ct);
        Assert.Equal(1, hub.WatchedCount);

        await first.DisposeAsync();
        Assert.Equal(1, hub.WatchedCount);
        Assert.False(watchers.Created[0].Disposed);
        watchers.Created[0].Raise(WorkspaceChangeKinds.WorkingFiles, "late.txt");
        await second.Current.WaitAsync(Ct);
        await second.DisposeAsync();

        Assert.Equal(1, calls);
        Assert.Equal(0, hub.WatchedCount);
        Assert.True(Assert.Single(watchers.Created).Disposed);
        Assert.Equal(TaskStatus.RanToCompletion, first.Refresh().Status);
    }

    [Fact]
    public async Task A_local_workspace_outside_git_has_totals_without_an_error()
    {
        using var folder = new TempDirectory("grove-plain");
        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "hi\n");
        await using var app = await TestApp.StartAsync(s => s.AddSingleton<IWorkspaceWatcherFactory>(new ManualWatcherFactory()));
        var project = await app.Projects.AddAsync(folder.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "plain", Mode = WorkspaceMode.Local }, cancellationToken: Ct)).Workspace;

        var totals = Assert.Single(await app.Changes.GetTotalsAsync([workspace], Ct));

        Assert.Null(totals.Error);
        Assert.False(totals.Git);
        Assert.Equal(0, totals.ChangedFiles);
    }

    private static async Task<Workspace> CreateWorkspaceAsync(TestApp app, TestRepository repo, string name)
    {
        var projects = await app.Projects.ListAsync(Ct);
        var project = projects.Count > 0 ? projects[0] : await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        return (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = name }, cancellationToken: Ct)).Workspace;
    }

    /// <summary>Watchers that report only what the test raises (no inotify spent).</summary>
    private sealed class ManualWatcherFactory : IWorkspaceWatcherFactory
    {
        private readonly Lock _gate = new();
        private readonly List<ManualWatcher> _created = [];

        public List<ManualWatcher> Created
        {
            get
            {
                lock (_gate)
                {
                    return [.. _created];
                }
            }
        }

        public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null)
        {
            var watcher = new ManualWatcher(worktreePath);
            lock (_gate)
            {
                _created.Add(watcher);
            }

            return watcher;
        }
    }

    private sealed class ManualWatcher(string worktreePath) : IWorkspaceWatcher
    {
        public string WorktreePath { get; } = worktreePath;

        public bool Disposed { get; private set; }

        public event Action<WorkspaceChange>? Changed;

        public void Raise(WorkspaceChangeKinds kinds, params string[] paths) => Changed?.Invoke(new WorkspaceChange(WorktreePath, kinds, paths));

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
