namespace Grove.Git.Watching;

[Flags]
public enum WorkspaceChangeKinds
{
    None = 0,

    /// <summary>HEAD moved (commit, checkout, reset).</summary>
    Head = 1,

    /// <summary>The index changed (stage / unstage).</summary>
    Index = 2,

    /// <summary>A ref changed (branch created, deleted, pushed, fetched).</summary>
    Refs = 4,

    /// <summary>A working file changed.</summary>
    WorkingFiles = 8,

    /// <summary>The repository's config changed (e.g. a remote added, removed or renamed).</summary>
    Config = 16,
}

/// <summary>A debounced batch of changes in one workspace.</summary>
public sealed record WorkspaceChange(string WorktreePath, WorkspaceChangeKinds Kinds, IReadOnlyList<string> Paths);

/// <summary>
/// Watches one work tree and its git dir (for a linked worktree, <c>.git</c> is a file pointing at
/// <c>&lt;repo&gt;/.git/worktrees/&lt;name&gt;</c>; refs live in the common dir) and raises debounced events.
/// </summary>
public interface IWorkspaceWatcher : IAsyncDisposable
{
    string WorktreePath { get; }

    /// <summary>
    /// Changes as soon as the watcher sees anything that can change the workspace's status (before
    /// the debounce, and on a lost event), never to a value another watcher ever had: a status read
    /// when it was G is still current while it is G. Null when the watcher cannot tell (it polls
    /// because the inotify budget ran out, or it is stopped): then nothing may be assumed unchanged.
    /// </summary>
    long? Generation => null;

    event Action<WorkspaceChange>? Changed;
}

public interface IWorkspaceWatcherFactory
{
    IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null);
}
