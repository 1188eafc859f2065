using System.Collections.Concurrent;
using System.Threading.Channels;
using Grove.Core.Domain;
using Grove.Git;
using Grove.Git.Security;
using Grove.Git.Watching;
using Grove.Services.Changes;
using Grove.Testing;
using Grove.Testing.Git;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Changes;

/// <summary>
/// The status of many workspaces (<see cref="IWorkspaceChanges.GetSummariesAsync"/>) re-reads only the
/// watched work trees whose watcher fired since the last read; git runs are counted by a wrapper
/// around the real runner.
/// </summary>
public sealed class StatusRefreshTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_change_in_one_of_three_watched_workspaces_runs_git_only_there_and_every_result_stays_right()
    {
        using var repo = TestRepository.Create();
        var git = new CountingGit();
        await using var app = await TestApp.StartAsync(s => TestApp.Decorate<IGitRunner>(s, git.Wrap));
        var workspaces = new List<Workspace>();
        foreach (var name in new[] { "one", "two", "three" })
        {
            workspaces.Add(await CreateWorkspaceAsync(app, repo, name));
        }

        File.WriteAllText(Path.Combine(workspaces[0].WorktreePath, "before.txt"), "a\nb\n");
        var hub = app.App.Get<WorkspaceWatchHub>();
        var fired = Channel.CreateUnbounded<WorkspaceChange>();
        var subscriptions = workspaces.Select(w => hub.Watch(w.WorktreePath, c => fired.Writer.TryWrite(c))).ToList();
        var changes = app.App.Get<IWorkspaceChanges>();
        var first = await changes.GetSummariesAsync(workspaces, Ct);
        Assert.Equal(3, git.Statuses(workspaces.Select(w => w.WorktreePath)));
        git.Clear();

        File.WriteAllText(Path.Combine(workspaces[1].WorktreePath, "during.txt"), "x\n");
        await WaitForChangeAsync(fired.Reader, workspaces[1], "during.txt");
        var second = await changes.GetSummariesAsync(workspaces, Ct);

        Assert.Equal([workspaces[1].WorktreePath], git.Directories());
        Assert.Equal(1, git.Statuses(workspaces.Select(w => w.WorktreePath)));
        Assert.Equal(["before.txt"], Paths(second[0]));
        Assert.Equal(["during.txt"], Paths(second[1]));
        Assert.Empty(Paths(second[2]));
        Assert.Equal(first[0].Diff, second[0].Diff);
        Assert.Equal(1, second[1].Diff!.Added);
        Assert.Equal(workspaces.Select(w => w.Id), second.Select(s => s.Workspace.Id));

        // Nothing fired: no git at all.
        git.Clear();
        await changes.GetSummariesAsync(workspaces, Ct);
        Assert.Empty(git.Directories());

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        // Unwatched: read every time.
        git.Clear();
        await changes.GetSummariesAsync(workspaces, Ct);
        Assert.Equal(3, git.Statuses(workspaces.Select(w => w.WorktreePath)));
    }

    [Fact]
    public async Task Callers_that_refresh_the_same_changed_workspace_at_once_share_one_git_status()
    {
        using var repo = TestRepository.Create();
        var git = new CountingGit();
        await using var app = await TestApp.StartAsync(s => TestApp.Decorate<IGitRunner>(s, git.Wrap));
        var workspace = await CreateWorkspaceAsync(app, repo, "shared");
        var fired = Channel.CreateUnbounded<WorkspaceChange>();
        await using var subscription = app.App.Get<WorkspaceWatchHub>().Watch(workspace.WorktreePath, c => fired.Writer.TryWrite(c));
        var changes = app.App.Get<IWorkspaceChanges>();
        await changes.GetSummariesAsync([workspace], Ct);

        File.WriteAllText(Path.Combine(workspace.WorktreePath, "edit.txt"), "e\n");
        await WaitForChangeAsync(fired.Reader, workspace, "edit.txt");
        git.Clear();
        // Five pages' sidebars and feeds hear of the same change.
        var all = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => changes.GetSummariesAsync([workspace], Ct))));

        Assert.Equal(1, git.Statuses([workspace.WorktreePath]));
        Assert.All(all, summaries => Assert.Equal(["edit.txt"], Paths(summaries[0])));
    }

    [Fact]
    public async Task A_watcher_that_lost_events_or_cannot_tell_makes_the_next_refresh_read_again()
    {
        using var repo = TestRepository.Create();
        var git = new CountingGit();
        var watchers = new GenerationWatcherFactory();
        await using var app = await TestApp.StartAsync(s =>
        {
            s.AddSingleton<IWorkspaceWatcherFactory>(watchers);
            TestApp.Decorate<IGitRunner>(s, git.Wrap);
        });
        var workspaces = new List<Workspace> { await CreateWorkspaceAsync(app, repo, "lossy"), await CreateWorkspaceAsync(app, repo, "blind") };
        var hub = app.App.Get<WorkspaceWatchHub>();
        await using var lossySubscription = hub.Watch(workspaces[0].WorktreePath, _ => { });
        await using var blindSubscription = hub.Watch(workspaces[1].WorktreePath, _ => { });
        var lossy = watchers.For(workspaces[0]);
        var blind = watchers.For(workspaces[1]);
        blind.Generation = null; // polling: it cannot tell
        var changes = app.App.Get<IWorkspaceChanges>();
        await changes.GetSummariesAsync(workspaces, Ct);
        git.Clear();

        await changes.GetSummariesAsync(workspaces, Ct);
        Assert.Equal([workspaces[1].WorktreePath], git.Directories());

        // The real watcher turns an overflow into a new generation (WorkspaceWatcherTests); here it is raised by hand.
        File.WriteAllText(Path.Combine(workspaces[0].WorktreePath, "lost.txt"), "l\n");
        lossy.Generation++;
        git.Clear();
        var summaries = await changes.GetSummariesAsync(workspaces, Ct);

        Assert.Equal(2, git.Statuses(workspaces.Select(w => w.WorktreePath)));
        Assert.Equal(["lost.txt"], Paths(summaries[0]));
    }

    private static async Task WaitForChangeAsync(ChannelReader<WorkspaceChange> fired, Workspace workspace, string path)
    {
        while (true)
        {
            var change = await fired.ReadAsync(Ct);
            if (change.Paths.Contains(path) && Path.GetFullPath(change.WorktreePath) == Path.GetFullPath(workspace.WorktreePath))
            {
                return;
            }
        }
    }

    private static List<string> Paths(WorkspaceChangeSummary summary) => [.. summary.Status!.Files.Select(f => f.Path).Order(StringComparer.Ordinal)];

    private static async Task<Workspace> CreateWorkspaceAsync(TestApp app, TestRepository repo, string name)
    {
        var projects = await app.Projects.ListAsync(Ct);
        var project = projects.Count > 0 ? projects[0] : await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        return (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = name }, cancellationToken: Ct)).Workspace;
    }

    /// <summary>Watchers whose generation the test sets (no inotify spent).</summary>
    private sealed class GenerationWatcherFactory : IWorkspaceWatcherFactory
    {
        private readonly ConcurrentDictionary<string, GenerationWatcher> _created = new(StringComparer.Ordinal);

        public GenerationWatcher For(Workspace workspace) => _created[Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace.WorktreePath))];

        public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null) =>
            _created[Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktreePath))] = new GenerationWatcher(worktreePath);
    }

    private sealed class GenerationWatcher(string worktreePath) : IWorkspaceWatcher
    {
        public string WorktreePath { get; } = worktreePath;

        public long? Generation { get; set; } = 1;

        public event Action<WorkspaceChange>? Changed
        {
            add { }
            remove { }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
