using Grove.Core.Changes;

namespace Grove.Git.Changes;

/// <summary>Status and diff summary of one workspace, read together (two git processes, run concurrently).</summary>
public sealed record WorkspaceSnapshot(WorkingTreeStatus Status, DiffSummary Diff);

/// <summary>One workspace to read in <see cref="IChangesReader.GetSnapshotsAsync"/>.</summary>
public sealed record SnapshotRequest(string WorktreePath, string? BaseRef);

/// <summary>The snapshot of one workspace, or the error that prevented it (one bad workspace never hides the others).</summary>
public sealed record SnapshotResult(string WorktreePath, WorkspaceSnapshot? Snapshot, Core.Errors.GroveException? Error);

/// <summary>
/// Reads and changes a work tree. Every path argument is relative to the work tree and is
/// confined with <see cref="Security.PathGuard"/> before git sees it.
/// </summary>
public interface IChangesReader
{
    /// <summary><c>git status --porcelain=v2 -z --branch --untracked-files=all</c>, parsed.</summary>
    Task<WorkingTreeStatus> GetStatusAsync(string worktreePath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Numstat of everything this workspace changed against <paramref name="baseRef"/>: commits since the
    /// merge-base, staged and unstaged edits, and untracked files as additions. Null base = HEAD.
    /// </summary>
    Task<DiffSummary> GetDiffSummaryAsync(string worktreePath, string? baseRef, CancellationToken cancellationToken = default);

    /// <summary>
    /// Status and diff summary in one call: the untracked files found by status are reused for the
    /// summary, and the two git processes run concurrently. Prefer this when polling many workspaces.
    /// </summary>
    Task<WorkspaceSnapshot> GetSnapshotAsync(string worktreePath, string? baseRef, CancellationToken cancellationToken = default);

    /// <summary>
    /// Snapshots of many workspaces, read concurrently (at most <paramref name="maxParallelism"/> at a
    /// time, default twice the core count). Results keep the order of <paramref name="requests"/>.
    /// </summary>
    Task<IReadOnlyList<SnapshotResult>> GetSnapshotsAsync(IReadOnlyList<SnapshotRequest> requests, int? maxParallelism = null, CancellationToken cancellationToken = default);

    /// <summary>Unified diff of the same scope (optionally one path), untracked files shown as new.</summary>
    Task<string> GetDiffAsync(string worktreePath, string? baseRef, string? path = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same diff, read only up to <paramref name="maxChars"/> characters (git's output past that is
    /// dropped as it is read, an untracked file is read only as far as needed), for showing.
    /// </summary>
    Task<DiffPreview> GetDiffPreviewAsync(string worktreePath, string? baseRef, string? path, int maxChars, CancellationToken cancellationToken = default);
}

/// <summary>Changes the work tree and talks to remotes.</summary>
public interface IChangesWriter
{
    Task StageAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    Task UnstageAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Restores tracked paths to HEAD and deletes untracked ones (confined).</summary>
    Task DiscardAsync(string worktreePath, IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Commits the index, or only <paramref name="paths"/> when given (atomic commit). Returns the new sha.</summary>
    Task<string> CommitAsync(string worktreePath, string message, IReadOnlyList<string>? paths = null, bool stageAll = false, CancellationToken cancellationToken = default);

    /// <summary>Pushes the current branch, setting upstream on first push.</summary>
    Task PushAsync(string worktreePath, string remote = "origin", Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    /// <summary><c>git pull --rebase --autostash</c>.</summary>
    Task PullRebaseAsync(string worktreePath, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>push --force-with-lease</c>; refuses main/master/develop/production/staging unless
    /// <paramref name="confirmProtected"/> is true.
    /// </summary>
    Task ForcePushWithLeaseAsync(string worktreePath, string remote = "origin", bool confirmProtected = false, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BranchInfo>> ListBranchesAsync(string worktreePath, bool includeRemote = true, CancellationToken cancellationToken = default);

    Task SwitchBranchAsync(string worktreePath, string branch, CancellationToken cancellationToken = default);

    Task CreateBranchAsync(string worktreePath, string branch, string? startPoint = null, CancellationToken cancellationToken = default);

    Task DeleteBranchAsync(string worktreePath, string branch, bool force = false, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CommitInfo>> GetHistoryAsync(string worktreePath, int limit = 50, string? baseRef = null, CancellationToken cancellationToken = default);
}
