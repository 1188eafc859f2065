namespace Grove.Core.Domain;

/// <summary>
/// A workspace (a "chat" in the reference app): an isolated git worktree on its own branch,
/// or, in local mode, the project folder itself.
/// </summary>
public sealed record Workspace
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public WorkspaceMode Mode { get; init; } = WorkspaceMode.Worktree;

    /// <summary>The folder the agent works in: the worktree, or the project folder in local mode.</summary>
    public required string WorktreePath { get; init; }

    public string? Branch { get; init; }
    public string? BaseBranch { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
    public string? PrUrl { get; init; }
    public int? PrNumber { get; init; }
    public string? PrState { get; init; }

    /// <summary>The pull request's head commit as GitHub last reported it.</summary>
    public string? PrHeadSha { get; init; }

    /// <summary>When Grove last asked GitHub about the pull request.</summary>
    public DateTimeOffset? PrCheckedAt { get; init; }

    /// <summary>The checks of the pull request's head as last reported (null: not known).</summary>
    public PullRequestChecksCount? PrChecks { get; init; }

    public bool IsArchived => ArchivedAt is not null;
}

/// <summary>Counts of a pull request's checks by outcome, as stored on the workspace for the sidebar.</summary>
public sealed record PullRequestChecksCount(int Passed, int Failed, int Pending)
{
    public int Total => Passed + Failed + Pending;

    /// <summary>failed, pending, passed, or none (no checks): what the sidebar's checks dot shows.</summary>
    public string Outcome => Failed > 0 ? "failed" : Pending > 0 ? "pending" : Passed > 0 ? "passed" : "none";
}

public enum WorkspaceMode
{
    Local,
    Worktree,
}
