using Grove.Git.Checkpoints;
using Grove.Git.Watching;
using Grove.Testing;

namespace Grove.Git.Tests.Watching;

public sealed class WorkspaceWatcherTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Locates_the_git_dirs_of_a_linked_worktree()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");

        var dirs = GitDirectories.Locate(path);

        Assert.True(dirs.IsLinkedWorktree);
        Assert.Equal(Path.Combine(repo.Path, ".git", "worktrees", "ws"), dirs.GitDir);
        Assert.Equal(Path.Combine(repo.Path, ".git"), dirs.CommonDir);
        Assert.False(GitDirectories.Locate(repo.Path).IsLinkedWorktree);
    }

    [Fact]
    public async Task Writing_a_file_raises_WorkingFiles_with_its_path()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.WorkingFiles);

        File.WriteAllText(Path.Combine(path, "src", "new.txt"), "hello");

        var seen = await change;
        Assert.Contains("src/new.txt", seen.Paths);
        Assert.Equal(path, seen.WorktreePath);
    }

    [Fact]
    public async Task Staging_raises_Index()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        File.WriteAllText(Path.Combine(path, "README.md"), "changed\n");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.Index);

        await new GitTestServices().Writer.StageAsync(path, ["README.md"], Token);

        Assert.True((await change).Kinds.HasFlag(WorkspaceChangeKinds.Index));
    }

    [Fact]
    public async Task Committing_raises_Head()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        File.WriteAllText(Path.Combine(path, "README.md"), "changed\n");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.Head);

        await new GitTestServices().Writer.CommitAsync(path, "commit in worktree", stageAll: true, cancellationToken: Token);

        Assert.True((await change).Kinds.HasFlag(WorkspaceChangeKinds.Head));
    }

    [Fact]
    public async Task Creating_a_branch_raises_Refs()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.Refs);

        await new GitTestServices().Writer.CreateBranchAsync(path, "another", cancellationToken: Token);

        Assert.True((await change).Kinds.HasFlag(WorkspaceChangeKinds.Refs));
    }

    [Fact]
    public async Task A_turn_checkpoint_ref_is_not_a_change()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        var other = await AddWorktreeAsync(repo, "other");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var changes = new List<WorkspaceChange>();
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += change =>
        {
            lock (changes)
            {
                changes.Add(change);
            }

            if (change.Paths.Contains("sentinel.txt"))
            {
                sentinel.TrySetResult();
            }
        };
        var checkpoints = new CheckpointGit(new GitTestServices().Runner);

        // Checkpoints of this workspace's tab and of another workspace's (the refs folder is shared).
        await checkpoints.CreateAsync(path, "tab_here", "turn 1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Token);
        await checkpoints.CreateAsync(other, "tab_there", "turn 1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Token);
        // One inotify instance reads events in order: once the file after them is reported, they were seen.
        File.WriteAllText(Path.Combine(path, "sentinel.txt"), "after the checkpoints");
        await sentinel.Task.WaitAsync(TestTimeouts.Default, Token);

        Assert.NotEmpty(repo.Git("for-each-ref", "refs/grove/").Trim());
        lock (changes)
        {
            Assert.All(changes, change => Assert.Equal(WorkspaceChangeKinds.WorkingFiles, change.Kinds));
        }
    }

    [Fact]
    public async Task Adding_a_remote_raises_Config_in_a_linked_worktree()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        await using var watcher = new GitTestServices().Watchers.Watch(path, Debounce);
        var config = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += change =>
        {
            if (change.Kinds.HasFlag(WorkspaceChangeKinds.Config))
            {
                config.TrySetResult();
            }
        };

        repo.Git("-C", path, "remote", "add", "origin", "https://example.invalid/repo.git");

        await config.Task.WaitAsync(TestTimeouts.Default, Token);
    }

    [Fact]
    public async Task Switching_branches_raises_Head_in_the_main_worktree()
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "other");
        await using var watcher = new GitTestServices().Watchers.Watch(repo.Path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.Head);

        await new GitTestServices().Writer.SwitchBranchAsync(repo.Path, "other", Token);

        Assert.True((await change).Kinds.HasFlag(WorkspaceChangeKinds.Head));
    }

    [Fact]
    public async Task Git_internals_are_not_reported_as_working_files()
    {
        using var repo = TestRepository.Create();
        await using var watcher = new GitTestServices().Watchers.Watch(repo.Path, Debounce);
        var change = NextChange(watcher, WorkspaceChangeKinds.Refs);

        repo.Git("branch", "internal-only");

        var seen = await change;
        Assert.False(seen.Kinds.HasFlag(WorkspaceChangeKinds.WorkingFiles));
        Assert.DoesNotContain(seen.Paths, p => p.StartsWith(".git", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_burst_of_writes_is_debounced_into_one_change()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        await using var watcher = new GitTestServices().Watchers.Watch(path, TimeSpan.FromSeconds(2));
        var change = NextChange(watcher, WorkspaceChangeKinds.WorkingFiles);

        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(Path.Combine(path, $"burst-{i:00}.txt"), "x");
        }

        var seen = await change;
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"burst-{i:00}.txt"), seen.Paths.Where(p => p.StartsWith("burst-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_burst_that_never_goes_quiet_is_still_reported()
    {
        using var repo = TestRepository.Create();
        var path = await AddWorktreeAsync(repo, "ws");
        await using var watcher = new GitTestServices().Watchers.Watch(path, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600));
        var change = NextChange(watcher, WorkspaceChangeKinds.WorkingFiles);

        // Keep writing (each write well inside the debounce window) until the change arrives.
        var file = Path.Combine(path, "busy.log");
        for (var i = 0; !change.IsCompleted; i++)
        {
            File.WriteAllText(file, i.ToString());
        }

        Assert.Contains("busy.log", (await change).Paths);
    }

    [Fact]
    public async Task Dispose_is_idempotent_and_a_missing_git_dir_is_refused()
    {
        using var repo = TestRepository.Create();
        using var plain = new TempDirectory();
        var factory = new GitTestServices().Watchers;
        var watcher = factory.Watch(repo.Path);

        await watcher.DisposeAsync();
        await watcher.DisposeAsync();

        var ex = Assert.Throws<Grove.Core.Errors.GroveException>(() => factory.Watch(plain.Path));
        Assert.Equal(Grove.Core.Errors.ErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public async Task Watchers_share_one_inotify_instance_so_many_workspaces_fit_the_budget()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "inotify is Linux's");
        using var repo = TestRepository.Create();
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            paths.Add(await AddWorktreeAsync(repo, $"ws{i}"));
        }

        var before = InotifyInstances();
        var factory = new GitTestServices().Watchers;
        var watchers = new List<IWorkspaceWatcher>();
        for (var i = 0; i < 40; i++)
        {
            watchers.Add(factory.Watch(paths[i % paths.Count], Debounce)); // 40 x 5 folder watches: 200 instances as FileSystemWatchers
        }

        try
        {
            Assert.All(watchers, w => Assert.False(((WorkspaceWatcher)w).IsPolling));
            Assert.True(InotifyInstances() <= Math.Max(before, 1), $"inotify instances went from {before} to {InotifyInstances()}");
            var changes = watchers.Where(w => w.WorktreePath == paths[1]).Select(w => NextChange(w, WorkspaceChangeKinds.WorkingFiles)).ToList();

            Directory.CreateDirectory(Path.Combine(paths[1], "made", "later"));
            File.WriteAllText(Path.Combine(paths[1], "made", "later", "deep.txt"), "a directory made after the watch started is watched too");

            foreach (var change in changes)
            {
                var seen = await change;
                Assert.Contains("made", seen.Paths);
            }

            var deep = NextChange(watchers[1], WorkspaceChangeKinds.WorkingFiles);
            File.WriteAllText(Path.Combine(paths[1], "made", "later", "deep.txt"), "changed again");
            Assert.Contains("made/later/deep.txt", (await deep).Paths);
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }

    /// <summary>This process's inotify instances (what <c>fs.inotify.max_user_instances</c> counts).</summary>
    private static int InotifyInstances() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    private static async Task<string> AddWorktreeAsync(TestRepository repo, string name)
    {
        var path = Path.Combine(repo.Scratch("worktrees"), name);
        await new GitTestServices().Worktrees.AddWithNewBranchAsync(repo.Path, path, $"grove/{name}", "main", Token);
        return path;
    }

    /// <summary>Completes with the first change that includes <paramref name="kind"/>; fails the test after the default timeout.</summary>
    private static Task<WorkspaceChange> NextChange(IWorkspaceWatcher watcher, WorkspaceChangeKinds kind)
    {
        var completion = new TaskCompletionSource<WorkspaceChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += change =>
        {
            if (change.Kinds.HasFlag(kind))
            {
                completion.TrySetResult(change);
            }
        };
        return completion.Task.WaitAsync(TestTimeouts.Default, Token);
    }
}
