namespace Grove.Git.Merging;

/// <summary>What merging two commits would do: clean, or the files that would conflict.</summary>
public sealed record MergeDryRun(IReadOnlyList<string> ConflictedFiles)
{
    public bool Conflicts => ConflictedFiles.Count > 0;
}

/// <summary>
/// Merges without touching any work tree, index or ref: <c>git merge-tree --write-tree</c> (git 2.38+)
/// between two commits, and a commit standing for a work tree's uncommitted tracked changes
/// (<c>git stash create</c>, which writes objects only, with a fixed date so the same work tree
/// gives the same commit id and a result can be cached by commit ids).
/// </summary>
public interface IMergeDryRunner
{
    /// <summary>
    /// The commit a merge of this work tree should use: HEAD when it has no uncommitted tracked
    /// changes, else a stash-like commit of them (untracked files are not part of it).
    /// </summary>
    Task<string> WorkTreeCommitAsync(string worktreePath, CancellationToken cancellationToken = default);

    /// <summary>Dry-runs a merge of <paramref name="commitB"/> into <paramref name="commitA"/> (any work tree of the repository).</summary>
    Task<MergeDryRun> MergeTreeAsync(string repositoryPath, string commitA, string commitB, CancellationToken cancellationToken = default);
}
