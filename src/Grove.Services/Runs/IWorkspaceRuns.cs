using Grove.Core.Workspaces;

namespace Grove.Services.Runs;

/// <summary>A change in a workspace's run: new output lines and the state after them.</summary>
public sealed record RunUpdate(IReadOnlyList<RunOutputLine> Lines, WorkspaceRunState State);

/// <summary>
/// A workspace's run script (<c>run</c> in <c>.grove/worktree.json</c>, or a peer's equivalent): one at
/// a time per workspace, started in its own session with the workspace's environment (GROVE_PORT…),
/// stopped as a whole process tree, its output kept (bounded) for anyone who attaches later.
/// </summary>
public interface IWorkspaceRuns
{
    /// <summary>Starts the run script; Conflict when it already runs, InvalidInput when the project has none.</summary>
    Task<WorkspaceRunState> StartAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Stops the run (the whole session: children and grandchildren); a run that is not going is fine.</summary>
    Task<WorkspaceRunState> StopAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Stops the run if it is going, then starts it again.</summary>
    Task<WorkspaceRunState> RestartAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>The run's state now, with the ports its processes listen on.</summary>
    Task<WorkspaceRunState> GetAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>The kept output lines after <paramref name="afterLine"/> (0 for all kept).</summary>
    Task<IReadOnlyList<RunOutputLine>> ReadOutputAsync(string workspace, long afterLine = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows the run: first the kept lines after <paramref name="afterLine"/> with the state, then
    /// one update per change until cancelled (or, with <paramref name="untilEnded"/>, until the run ends).
    /// </summary>
    IAsyncEnumerable<RunUpdate> WatchAsync(string workspace, long afterLine = 0, bool untilEnded = false, CancellationToken cancellationToken = default);

    /// <summary>The run command configured for the workspace (for display), or null when it has none.</summary>
    Task<string?> CommandAsync(string workspace, CancellationToken cancellationToken = default);
}
