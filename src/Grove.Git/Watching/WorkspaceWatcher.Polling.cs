using Microsoft.Extensions.Logging;

namespace Grove.Git.Watching;

/// <summary>
/// The fallback when file watches can't be had (the inotify instance or watch limit is reached):
/// release the watches this watcher holds and report "anything may have changed" every poll
/// interval, so the UI keeps refreshing, only more coarsely.
/// </summary>
internal sealed partial class WorkspaceWatcher
{
    private ITimer? _poll;

    /// <summary>True once the watcher polls instead of using file watches.</summary>
    internal bool IsPolling
    {
        get
        {
            lock (_gate)
            {
                return _poll is not null;
            }
        }
    }

    /// <summary>A started watch failed: a limit means polling from now on; anything else (an overflow) means "everything may have changed".</summary>
    private void OnWatchError(Exception exception)
    {
        if (WatchLimits.SettingFor(exception) is { } setting)
        {
            // Off this thread: a watcher is not disposed from inside its own event.
            var released = FallBackToPolling(setting, exception);
            if (released.Count > 0)
            {
                _ = Task.Run(() => DisposeAll(released));
            }

            return;
        }

        LogWatcherError(_logger, exception, WorktreePath);
        Record(Everything);
    }

    /// <summary>Starts polling (once); returns the watches to release.</summary>
    private List<IDisposable> FallBackToPolling(string setting, Exception exception)
    {
        List<IDisposable> released;
        lock (_gate)
        {
            if (_disposed || _poll is not null)
            {
                return [];
            }

            var interval = _owner.PollInterval;
            _poll = _timeProvider.CreateTimer(_ => Record(Everything), null, interval, interval);
            released = TakeWatches();
        }

        _owner.ReportLimitReached(WorktreePath, setting, exception);

        // Events may have been missed while the watches were failing.
        Record(Everything);
        return released;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "File watcher error for {WorktreePath}; reporting everything as changed")]
    private static partial void LogWatcherError(ILogger logger, Exception exception, string worktreePath);
}
