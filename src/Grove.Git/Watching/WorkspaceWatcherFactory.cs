using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Git.Watching;

/// <summary>Creates <see cref="IWorkspaceWatcher"/>s with a shared clock and logger.</summary>
internal sealed class WorkspaceWatcherFactory(TimeProvider? timeProvider = null, ILogger<WorkspaceWatcherFactory>? logger = null) : IWorkspaceWatcherFactory
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    /// <summary>Even a burst that never goes quiet is reported at least this often.</summary>
    public static readonly TimeSpan DefaultMaxLatency = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<WorkspaceWatcherFactory>.Instance;

    public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null) =>
        Watch(worktreePath, debounce, null);

    internal IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce, TimeSpan? maxLatency)
    {
        var delay = debounce ?? DefaultDebounce;
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(debounce));
        var latency = maxLatency ?? (delay * 10 > DefaultMaxLatency ? delay * 10 : DefaultMaxLatency);
        return new WorkspaceWatcher(worktreePath, delay, latency, _timeProvider, _logger);
    }
}
