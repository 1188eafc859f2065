using Microsoft.Extensions.Logging;

namespace Grove.Git.Watching;

/// <summary>
/// File system watchers on a work tree and its git dirs; events are classified (HEAD, index,
/// refs, working files) and debounced into one <see cref="WorkspaceChange"/> per burst. When the
/// inotify budget is spent it polls instead (<c>WorkspaceWatcher.Polling.cs</c>).
/// </summary>
internal sealed partial class WorkspaceWatcher : IWorkspaceWatcher
{
    private const int MaxReportedPaths = 500;

    private const WorkspaceChangeKinds Everything =
        WorkspaceChangeKinds.Head | WorkspaceChangeKinds.Index | WorkspaceChangeKinds.Refs | WorkspaceChangeKinds.WorkingFiles;

    private readonly TimeSpan _debounce;
    private readonly TimeSpan _maxLatency;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WorkspaceWatcherFactory _owner;
    private readonly GitDirectories _dirs;
    private readonly List<IDisposable> _watches = [];
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    /// <summary>Shared by every watcher, so a generation is never seen twice (even for the same work tree watched again).</summary>
    private static long _generations;

    private long _generation = Interlocked.Increment(ref _generations);
    private WorkspaceChangeKinds _pending;
    private long _burstStarted;
    private bool _disposed;

    /// <param name="maxLatency">
    /// A burst that never goes quiet (a long build, an install) is still reported at least this often.
    /// </param>
    public WorkspaceWatcher(string worktreePath, TimeSpan debounce, TimeSpan maxLatency, WorkspaceWatcherFactory owner)
    {
        WorktreePath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktreePath));
        _debounce = debounce;
        _maxLatency = maxLatency < debounce ? debounce : maxLatency;
        _owner = owner;
        _timeProvider = owner.TimeProvider;
        _logger = owner.Logger;
        _dirs = GitDirectories.Locate(WorktreePath);
        _timer = _timeProvider.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            Start(WorktreePath, recursive: true, OnWorkingFile);
            Start(_dirs.GitDir, recursive: false, OnGitDirFile);
            Start(Path.Combine(_dirs.GitDir, "logs"), recursive: false, OnGitDirLog);
            if (_dirs.IsLinkedWorktree)
            {
                Start(_dirs.CommonDir, recursive: false, OnCommonDirFile);
            }

            Start(Path.Combine(_dirs.CommonDir, "refs"), recursive: true, OnRef);
        }
        catch (Exception ex) when (WatchLimits.SettingFor(ex) is { } setting)
        {
            DisposeAll(FallBackToPolling(setting, ex));
        }
        catch
        {
            Stop();
            throw;
        }
    }

    public string WorktreePath { get; }

    public long? Generation
    {
        get
        {
            lock (_gate)
            {
                return _disposed || _poll is not null ? null : _generation;
            }
        }
    }

    public event Action<WorkspaceChange>? Changed;

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        List<IDisposable> watches;
        ITimer? poll;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watches = TakeWatches();
            poll = _poll;
        }

        DisposeAll(watches);
        poll?.Dispose();
        _timer.Dispose();
    }

    private void Start(string folder, bool recursive, Action<string, string> onEvent)
    {
        if (IsPolling || !Directory.Exists(folder))
        {
            return;
        }

        var watch = _owner.StartFolderWatch(new FolderWatchSpec(folder, recursive, path => onEvent(folder, path), OnWatchError));
        lock (_gate)
        {
            if (_poll is null)
            {
                _watches.Add(watch);
                return;
            }
        }

        // It reported a limit while starting: polling has taken over.
        watch.Dispose();
    }

    private void Record(WorkspaceChangeKinds kinds, string? path = null)
    {
        if (kinds == WorkspaceChangeKinds.None)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetTimestamp();
            if (_pending == WorkspaceChangeKinds.None)
            {
                _burstStarted = now;
            }

            _pending |= kinds;
            _generation = Interlocked.Increment(ref _generations);
            if (path is not null && _paths.Count < MaxReportedPaths)
            {
                _paths.Add(path);
            }

            // Wait for quiet, but never past the burst's deadline.
            var untilDeadline = _maxLatency - _timeProvider.GetElapsedTime(_burstStarted, now);
            var due = untilDeadline < _debounce ? untilDeadline : _debounce;
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void Flush()
    {
        WorkspaceChange change;
        lock (_gate)
        {
            if (_disposed || _pending == WorkspaceChangeKinds.None)
            {
                return;
            }

            change = new WorkspaceChange(WorktreePath, _pending, _paths.Order(StringComparer.Ordinal).ToList());
            _pending = WorkspaceChangeKinds.None;
            _paths.Clear();
        }

        try
        {
            Changed?.Invoke(change);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex, WorktreePath);
        }
    }

    /// <summary>Removes and returns the started watches; call it holding <see cref="_gate"/>.</summary>
    private List<IDisposable> TakeWatches()
    {
        var watches = _watches.ToList();
        _watches.Clear();
        return watches;
    }

    private static void DisposeAll(List<IDisposable> watches)
    {
        foreach (var watch in watches)
        {
            watch.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A workspace change handler failed for {WorktreePath}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string worktreePath);

}
