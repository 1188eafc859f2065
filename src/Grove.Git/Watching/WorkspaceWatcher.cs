using Microsoft.Extensions.Logging;

namespace Grove.Git.Watching;

/// <summary>
/// File system watchers on a work tree and its git dirs; events are classified (HEAD, index,
/// refs, working files) and debounced into one <see cref="WorkspaceChange"/> per burst.
/// </summary>
internal sealed partial class WorkspaceWatcher : IWorkspaceWatcher
{
    private const int MaxReportedPaths = 500;

    private readonly TimeSpan _debounce;
    private readonly TimeSpan _maxLatency;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GitDirectories _dirs;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private WorkspaceChangeKinds _pending;
    private long _burstStarted;
    private bool _disposed;

    /// <param name="maxLatency">
    /// A burst that never goes quiet (a long build, an install) is still reported at least this often.
    /// </param>
    public WorkspaceWatcher(string worktreePath, TimeSpan debounce, TimeSpan maxLatency, TimeProvider timeProvider, ILogger logger)
    {
        WorktreePath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktreePath));
        _debounce = debounce;
        _maxLatency = maxLatency < debounce ? debounce : maxLatency;
        _timeProvider = timeProvider;
        _logger = logger;
        _dirs = GitDirectories.Locate(WorktreePath);
        _timer = timeProvider.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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
        catch
        {
            DisposeWatchers();
            _timer.Dispose();
            throw;
        }
    }

    public string WorktreePath { get; }

    public event Action<WorkspaceChange>? Changed;

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
        }

        DisposeWatchers();
        _timer.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Start(string folder, bool recursive, Action<string, string> onEvent)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        FileSystemEventHandler handler = (_, e) => onEvent(folder, e.FullPath);
        watcher.Changed += handler;
        watcher.Created += handler;
        watcher.Deleted += handler;
        watcher.Renamed += (_, e) =>
        {
            onEvent(folder, e.OldFullPath);
            onEvent(folder, e.FullPath);
        };
        watcher.Error += (_, e) => OnOverflow(e.GetException());
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
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

    private void OnOverflow(Exception exception)
    {
        LogWatcherError(_logger, exception, WorktreePath);
        Record(WorkspaceChangeKinds.Head | WorkspaceChangeKinds.Index | WorkspaceChangeKinds.Refs | WorkspaceChangeKinds.WorkingFiles);
    }

    private void DisposeWatchers()
    {
        foreach (var watcher in _watchers)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }

        _watchers.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A workspace change handler failed for {WorktreePath}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string worktreePath);

    [LoggerMessage(Level = LogLevel.Debug, Message = "File watcher error for {WorktreePath}; reporting everything as changed")]
    private static partial void LogWatcherError(ILogger logger, Exception exception, string worktreePath);
}
