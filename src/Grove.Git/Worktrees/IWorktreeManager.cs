namespace Grove.Git.Worktrees;

/// <summary>One entry of <c>git worktree list --porcelain</c>.</summary>
public sealed record WorktreeEntry
{
    public required string Path { get; init; }
    public string? Head { get; init; }

    /// <summary>Short branch name (without refs/heads/), null when detached or bare.</summary>
    public string? Branch { get; init; }

    public bool IsBare { get; init; }
    public bool IsDetached { get; init; }
    public bool IsLocked { get; init; }
    public string? LockedReason { get; init; }
    public bool IsPrunable { get; init; }
    public string? PrunableReason { get; init; }
    public bool IsMain { get; init; }
}

/// <summary>The outcome of fetching a base branch before creating a worktree.</summary>
public sealed record FetchOutcome(bool Fetched, string? Warning);

/// <summary>Linked worktrees and branches of a repository (all through the git CLI).</summary>
public interface IWorktreeManager
{
    /// <summary>
    /// Fetches <paramref name="branch"/> from <paramref name="remote"/> with a time bound. Offline,
    /// no remote or timeout is not an error: the outcome carries a warning and Fetched=false.
    /// </summary>
    Task<FetchOutcome> FetchAsync(string repositoryPath, string remote, string branch, TimeSpan timeout, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    /// <summary><c>git worktree add -b &lt;newBranch&gt; &lt;path&gt; &lt;startPoint&gt;</c> (parallel checkout on).</summary>
    Task AddWithNewBranchAsync(string repositoryPath, string worktreePath, string newBranch, string startPoint, CancellationToken cancellationToken = default);

    /// <summary><c>git worktree add &lt;path&gt; &lt;existing branch&gt;</c> (used by restore).</summary>
    Task AddForExistingBranchAsync(string repositoryPath, string worktreePath, string branch, CancellationToken cancellationToken = default);

    /// <summary><c>git worktree remove [--force] &lt;path&gt;</c>; a missing folder is pruned instead.</summary>
    Task RemoveAsync(string repositoryPath, string worktreePath, bool force, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorktreeEntry>> ListAsync(string repositoryPath, CancellationToken cancellationToken = default);

    Task PruneAsync(string repositoryPath, CancellationToken cancellationToken = default);

    Task<bool> BranchExistsAsync(string repositoryPath, string branch, CancellationToken cancellationToken = default);

    /// <summary>Deletes a local branch (<c>-d</c>, or <c>-D</c> when forced).</summary>
    Task DeleteBranchAsync(string repositoryPath, string branch, bool force, CancellationToken cancellationToken = default);

    /// <summary><c>git check-ref-format --branch</c>; false for names git would refuse or that start with '-'.</summary>
    Task<bool> IsValidBranchNameAsync(string repositoryPath, string name, CancellationToken cancellationToken = default);

    /// <summary>The commit id a revision names (branch, remote branch, tag, sha), or null.</summary>
    Task<string?> ResolveCommitAsync(string repositoryPath, string revision, CancellationToken cancellationToken = default);

    /// <summary>True when the work tree has staged, unstaged or untracked changes.</summary>
    Task<bool> IsDirtyAsync(string worktreePath, CancellationToken cancellationToken = default);
}
