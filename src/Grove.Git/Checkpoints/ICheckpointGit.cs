namespace Grove.Git.Checkpoints;

/// <summary>
/// One checkpoint: a commit on <c>refs/grove/checkpoints/&lt;tab&gt;/&lt;number&gt;</c> whose tree is the
/// work tree as it was (tracked and untracked files, ignored ones left out) and whose parent is the
/// HEAD of that moment. <see cref="Note"/> is the one line Grove wrote into it.
/// </summary>
public sealed record CheckpointCommit(int Number, string Ref, string Commit, string Tree, DateTimeOffset CreatedAt, string Note);

/// <summary>A path that differs between two trees: <c>A</c>dded, <c>D</c>eleted, <c>M</c>odified or <c>T</c>ype changed (from → to).</summary>
public sealed record TreeChange(char Status, string Path);

/// <summary>
/// Checkpoints of a work tree made without touching the user's index, HEAD or branch: files are
/// added to a temporary index (<c>GIT_INDEX_FILE</c>, a copy of the real one so unchanged files are
/// not hashed again; <c>git add -A</c> honours .gitignore), written as a tree and wrapped in a
/// commit on a private ref, which no default refspec pushes and no branch's log shows.
/// </summary>
public interface ICheckpointGit
{
    /// <summary>The tree of the work tree as it is now (tracked + untracked, ignored left out).</summary>
    Task<string> SnapshotTreeAsync(string worktree, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes checkpoint n+1 of <paramref name="owner"/> (a tab id). When the work tree and HEAD are
    /// what the previous checkpoint holds, its commit is reused (the new ref points at it).
    /// </summary>
    Task<CheckpointCommit> CreateAsync(string worktree, string owner, string note, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The owner's checkpoints, oldest (number 1) first.</summary>
    Task<IReadOnlyList<CheckpointCommit>> ListAsync(string worktree, string owner, CancellationToken cancellationToken = default);

    /// <summary>What changes from <paramref name="fromTree"/> to <paramref name="toTree"/> (no rename detection).</summary>
    Task<IReadOnlyList<TreeChange>> DiffAsync(string worktree, string fromTree, string toTree, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the work tree's files back as the checkpoint holds them: changed and deleted files are
    /// written from it, files that were not there are removed; the index and HEAD are not touched.
    /// Returns the changes made (from the work tree before to the checkpoint).
    /// </summary>
    Task<IReadOnlyList<TreeChange>> RestoreAsync(string worktree, CheckpointCommit checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Deletes every checkpoint ref of <paramref name="owner"/>; returns how many.</summary>
    Task<int> DeleteAllAsync(string worktree, string owner, CancellationToken cancellationToken = default);
}
