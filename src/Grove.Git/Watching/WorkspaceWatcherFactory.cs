using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Git.Watching;

/// <summary>
/// Creates <see cref="IWorkspaceWatcher"/>s with a shared clock and logger, and says once when the
/// inotify budget runs out (after that, watchers fall back to polling quietly).
/// </summary>
internal sealed partial class WorkspaceWatcherFactory(TimeProvider? timeProvider = null, ILogger<WorkspaceWatcherFactory>? logger = null) : IWorkspaceWatcherFactory
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    /// <summary>Even a burst that never goes quiet is reported at least this often.</summary>
    public static readonly TimeSpan DefaultMaxLatency = TimeSpan.FromSeconds(2);

    /// <summary>A watcher that could not get file watches reports "something may have changed" this often.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    private int _limitWarned;

    internal TimeProvider TimeProvider { get; } = timeProvider ?? TimeProvider.System;

    internal ILogger Logger { get; } = logger ?? NullLogger<WorkspaceWatcherFactory>.Instance;

    /// <summary>How one folder watch starts: a real <see cref="FileSystemWatcher"/>; tests inject the inotify limit here.</summary>
    internal StartFolderWatch StartFolderWatch { get; init; } = FolderWatch.Start;

    internal TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null) =>
        Watch(worktreePath, debounce, null);

    internal IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce, TimeSpan? maxLatency)
    {
        var delay = debounce ?? DefaultDebounce;
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(debounce));
        var latency = maxLatency ?? (delay * 10 > DefaultMaxLatency ? delay * 10 : DefaultMaxLatency);
        return new WorkspaceWatcher(worktreePath, delay, latency, this);
    }

    /// <summary>A watcher hit an inotify limit and polls instead: a warning the first time, then only at debug level.</summary>
    internal void ReportLimitReached(string worktreePath, string setting, Exception exception)
    {
        if (Interlocked.Exchange(ref _limitWarned, 1) == 0)
        {
            LogLimitReached(Logger, exception, worktreePath, setting, PollInterval, $"sudo sysctl -w {setting}=<higher value>");
        }
        else
        {
            LogPollingToo(Logger, worktreePath, setting);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching {WorktreePath} for changes reached the inotify limit {Setting}; polling every {PollInterval} instead "
        + "(as will any other workspace that reaches it, without repeating this warning). Raise it with `{RaiseCommand}` "
        + "(and a line in /etc/sysctl.d/ to keep it); a workspace is watched again when it is next opened.")]
    private static partial void LogLimitReached(ILogger logger, Exception exception, string worktreePath, string setting, TimeSpan pollInterval, string raiseCommand);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Polling {WorktreePath} for changes: the inotify limit {Setting} is reached")]
    private static partial void LogPollingToo(ILogger logger, string worktreePath, string setting);
}
