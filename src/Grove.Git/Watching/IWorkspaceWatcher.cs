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

    event Action<WorkspaceChange>? Changed;
}

public interface IWorkspaceWatcherFactory
{
    IWorkspaceWatcher Watch(string worktreePath, TimeSpan? debounce = null);
}
