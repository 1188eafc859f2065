using Grove.Core.Domain;

namespace Grove.Services.Changes;

/// <summary>
/// Live state of one workspace for every front end (the SSE endpoint behind <c>grove ws watch</c>,
/// the sidebar, the changes panel): file changes through the shared <see cref="WorkspaceWatchHub"/>,
/// the statuses of the workspace's tabs and its change totals, coalesced.
/// </summary>
public interface IWorkspaceFeeds
{
    /// <summary>
    /// Starts following <paramref name="workspace"/>: <paramref name="onUpdate"/> runs once at the start
    /// and then whenever something happened, one call at a time; what happens while a call runs is
    /// merged into the next one, so a slow consumer gets the latest state, never a backlog. Throws
    /// (holding nothing) when the worktree can't be watched. Dispose to stop and release the watch.
    /// </summary>
    IWorkspaceFeed Open(Workspace workspace, Func<WorkspaceFeedUpdate, CancellationToken, Task> onUpdate, WorkspaceFeedOptions? options = null);
}

/// <summary>One open feed (see <see cref="IWorkspaceFeeds.Open"/>).</summary>
public interface IWorkspaceFeed : IAsyncDisposable
{
    /// <summary>The update in progress with any follow-up already due, or a completed task when idle.</summary>
    Task Current { get; }

    /// <summary>Asks for an update with <see cref="WorkspaceFeedUpdate.Recount"/> set; returns the task that includes it.</summary>
    Task Refresh();
}
