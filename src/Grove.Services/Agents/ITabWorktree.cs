namespace Grove.Services.Agents;

/// <summary>The worktree an agent tab works in, as the UI needs it (paths shown relative to it).</summary>
public interface ITabWorktree
{
    /// <summary>The tab's worktree paths; <see cref="WorktreePaths.None"/> when the tab or workspace is gone.</summary>
    Task<WorktreePaths> PathsAsync(string tabId, CancellationToken cancellationToken = default);
}
