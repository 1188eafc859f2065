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

    public bool IsArchived => ArchivedAt is not null;
}

public enum WorkspaceMode
{
    Local,
    Worktree,
}
