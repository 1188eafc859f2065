using Grove.Git.Watching;
using Grove.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Git.Tests.Watching;

/// <summary>
/// Running out of inotify instances or watches degrades a watcher to polling instead of failing.
/// The limit is injected through <see cref="WorkspaceWatcherFactory.StartFolderWatch"/>; the real
/// one is shared with every process of the user and is never spent here.
/// </summary>
public sealed class WatchBudgetTests
{
    private const WorkspaceChangeKinds Everything =
        WorkspaceChangeKinds.Head | WorkspaceChangeKinds.Index | WorkspaceChangeKinds.Refs | WorkspaceChangeKinds.WorkingFiles;

    // What .NET 10 throws (EMFILE from inotify_init) and reports through Error (ENOSPC from inotify_add_watch).
    private const string InstanceLimitMessage =
        "The configured user limit (128) on the number of inotify instances has been reached, or the per-process limit on the number of open file descriptors has been reached.";

    private const string WatchLimitMessage =
        "The configured user limit (8192) on the number of inotify watches has been reached, or the operating system failed to allocate a required resource.";

    private static readonly TimeSpan Debounce = WorkspaceWatcherFactory.DefaultDebounce;

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger<WorkspaceWatcherFactory> _logger = new();

    [Fact]
    public async Task The_instance_limit_while_starting_falls_back_to_polling_and_releases_the_watches_already_started()
    {
        using var repo = TestRepository.Create();
        var folders = new FakeFolderWatches { FailFrom = 2, Failure = new IOException(InstanceLimitMessage, 24) };
        var factory = Factory(folders);

        await using var watcher = (WorkspaceWatcher)factory.Watch(repo.Path);
        var changes = Collect(watcher);

        Assert.True(watcher.IsPolling);
        Assert.Equal(2, folders.Started.Count);
        Assert.All(folders.Started, w => Assert.True(w.Released.IsCompleted));
        Assert.Equal(3, folders.Attempts);

        // At the switch (events may have been missed), then at every poll.
        _time.Advance(Debounce);
        Assert.Equal(Everything, Assert.Single(changes).Kinds);
        _time.Advance(factory.PollInterval);
        _time.Advance(Debounce);
        _time.Advance(factory.PollInterval);
        _time.Advance(Debounce);
        Assert.Equal(3, changes.Count);
        Assert.All(changes, c => Assert.Equal((Everything, repo.Path), (c.Kinds, c.WorktreePath)));
    }

    [Fact]
    public void Reaching_the_limit_logs_one_warning_naming_the_setting_and_how_to_raise_it()
    {
        using var repo = TestRepository.Create();
        using var other = TestRepository.Create();
        var factory = Factory(new FakeFolderWatches { FailFrom = 0, Failure = new IOException(InstanceLimitMessage, 24) });

        var first = (WorkspaceWatcher)factory.Watch(repo.Path);
        var second = (WorkspaceWatcher)factory.Watch(other.Path);

        Assert.True(first.IsPolling && second.IsPolling);
        var warning = Assert.Single(_logger.At(LogLevel.Warning));
        Assert.Contains(repo.Path, warning.Message, StringComparison.Ordinal);
        Assert.Contains("sudo sysctl -w fs.inotify.max_user_instances=", warning.Message, StringComparison.Ordinal);
        Assert.Contains("polling every 00:00:05", warning.Message, StringComparison.Ordinal);
        Assert.Contains("(128)", warning.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains(_logger.At(LogLevel.Debug), e => e.Message.Contains(other.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_watch_limit_reported_after_starting_switches_to_polling()
    {
        using var repo = TestRepository.Create();
        var folders = new FakeFolderWatches();
        var factory = Factory(folders);
        await using var watcher = (WorkspaceWatcher)factory.Watch(repo.Path);
        var changes = Collect(watcher);
        Assert.False(watcher.IsPolling);
        Assert.NotNull(watcher.Generation);
        Assert.Equal(4, folders.Started.Count); // work tree, git dir, logs, refs

        // inotify_add_watch failed with ENOSPC for a new directory deep in the tree.
        folders.Started[0].Spec.OnError(new IOException(WatchLimitMessage, 28));

        Assert.True(watcher.IsPolling);
        Assert.Null(watcher.Generation); // a polling watcher can't say that nothing changed
        await Task.WhenAll(folders.Started.Select(w => w.Released)).WaitAsync(Ct);
        Assert.Contains("fs.inotify.max_user_watches", Assert.Single(_logger.At(LogLevel.Warning)).Message, StringComparison.Ordinal);
        _time.Advance(Debounce);
        _time.Advance(factory.PollInterval);
        _time.Advance(Debounce);
        Assert.Equal(2, changes.Count(c => c.Kinds == Everything));
    }

    [Fact]
    public async Task An_overflow_reports_everything_once_and_keeps_the_watches()
    {
        using var repo = TestRepository.Create();
        var folders = new FakeFolderWatches();
        var factory = Factory(folders);
        await using var watcher = (WorkspaceWatcher)factory.Watch(repo.Path);
        var changes = Collect(watcher);
        var before = watcher.Generation;

        folders.Started[0].Spec.OnError(new InternalBufferOverflowException());
        Assert.NotNull(watcher.Generation);
        Assert.NotEqual(before, watcher.Generation); // at once, before the debounce: a status read before it is stale
        _time.Advance(Debounce);
        _time.Advance(factory.PollInterval);

        Assert.False(watcher.IsPolling);
        Assert.Equal(Everything, Assert.Single(changes).Kinds);
        Assert.All(folders.Started, w => Assert.False(w.Released.IsCompleted));
        Assert.Empty(_logger.At(LogLevel.Warning));
    }

    [Fact]
    public async Task The_generation_moves_on_every_relevant_event_and_is_never_reused_by_another_watcher()
    {
        using var repo = TestRepository.Create();
        var folders = new FakeFolderWatches();
        var factory = Factory(folders);
        var seen = new HashSet<long>();
        await using (var first = factory.Watch(repo.Path))
        {
            Assert.True(seen.Add(first.Generation!.Value));
            folders.Started[0].Spec.OnPath(Path.Combine(repo.Path, "a.txt"));
            Assert.True(seen.Add(first.Generation!.Value));
            folders.Started[0].Spec.OnPath(Path.Combine(repo.Path, ".git", "objects", "ab"));
            folders.Started[1].Spec.OnPath(Path.Combine(repo.Path, ".git", "index.lock"));
            Assert.Contains(first.Generation!.Value, seen); // git's own noise is not a change
            folders.Started[1].Spec.OnPath(Path.Combine(repo.Path, ".git", "index"));
            Assert.True(seen.Add(first.Generation!.Value));
        }

        await using var again = factory.Watch(repo.Path);
        Assert.True(seen.Add(again.Generation!.Value));
    }

    [Fact]
    public async Task A_polling_watcher_goes_quiet_when_disposed()
    {
        using var repo = TestRepository.Create();
        var factory = Factory(new FakeFolderWatches { FailFrom = 0, Failure = new IOException(InstanceLimitMessage, 24) });
        var watcher = factory.Watch(repo.Path);
        var changes = Collect(watcher);
        _time.Advance(Debounce);
        Assert.Single(changes);

        await watcher.DisposeAsync();
        _time.Advance(factory.PollInterval);
        _time.Advance(Debounce);

        Assert.Single(changes);
    }

    [Fact]
    public void Other_failures_to_start_still_throw_and_release_what_started()
    {
        using var repo = TestRepository.Create();
        var folders = new FakeFolderWatches { FailFrom = 1, Failure = new UnauthorizedAccessException("denied") };
        var factory = Factory(folders);

        Assert.Throws<UnauthorizedAccessException>(() => factory.Watch(repo.Path));

        Assert.True(Assert.Single(folders.Started).Released.IsCompleted);
        Assert.Empty(_logger.Entries);
    }

    [Theory]
    [InlineData(InstanceLimitMessage, 24, WatchLimits.MaxUserInstances)]
    [InlineData("The system limit on the number of inotify instances has been reached.", 23, WatchLimits.MaxUserInstances)]
    [InlineData(WatchLimitMessage, 28, WatchLimits.MaxUserWatches)]
    [InlineData("Input/output error", 5, null)]
    public void WatchLimits_recognise_the_runtime_errors(string message, int errno, string? setting)
    {
        Assert.Equal(setting, WatchLimits.SettingFor(new IOException(message, errno)));
    }

    [Fact]
    public void WatchLimits_fall_back_on_the_errno_for_a_localized_message_on_linux()
    {
        var expected = OperatingSystem.IsLinux() ? WatchLimits.MaxUserInstances : null;

        Assert.Equal(expected, WatchLimits.SettingFor(new IOException("Le nombre maximal a été atteint.", 24)));
    }

    [Fact]
    public void WatchLimits_ignore_other_exceptions()
    {
        Assert.Null(WatchLimits.SettingFor(new DirectoryNotFoundException("gone")));
        Assert.Null(WatchLimits.SettingFor(new UnauthorizedAccessException("inotify instances")));
        Assert.Null(WatchLimits.SettingFor(new InternalBufferOverflowException()));
    }

    private WorkspaceWatcherFactory Factory(FakeFolderWatches folders) =>
        new(_time, _logger) { StartFolderWatch = folders.Start };

    /// <summary>Changes are raised on the thread that advances the fake clock, so a list is enough.</summary>
    private static List<WorkspaceChange> Collect(IWorkspaceWatcher watcher)
    {
        var changes = new List<WorkspaceChange>();
        watcher.Changed += changes.Add;
        return changes;
    }
}
