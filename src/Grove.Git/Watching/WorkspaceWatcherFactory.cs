using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Git.Watching;

/// <summary>Creates <see cref="IWorkspaceWatcher"/>s with a shared clock and logger.</summary>
internal sealed class WorkspaceWatcherFactory(TimeProvider? timeProvider = null, ILogger<WorkspaceWatcherFactory>? logger = null) : IWorkspaceWatcherFactory
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<WorkspaceWatcherFactory>.Instance;

    public IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null)
    {
        var delay = debounce ?? DefaultDebounce;
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(debounce));
        return new WorkspaceWatcher(worktreePath, delay, _timeProvider, _logger);
    }
}
