using Grove.Core.Domain;

namespace Grove.Services.Workspaces;

/// <summary>
/// What else must stop when a workspace is archived or deleted (its terminals; later its run
/// script): a part registers a handler once, and <see cref="IWorkspaceService"/> runs every
/// handler before the worktree is removed. A handler that fails is logged, not fatal.
/// </summary>
public interface IWorkspaceClosingHooks
{
    /// <summary>Adds a handler; disposing the result removes it.</summary>
    IDisposable Register(Func<Workspace, CancellationToken, Task> handler);

    /// <summary>Runs every handler for <paramref name="workspace"/>, one after another.</summary>
    Task RunAsync(Workspace workspace, CancellationToken cancellationToken = default);
}
