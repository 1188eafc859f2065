namespace Grove.Core.Review;

/// <summary>Which side of a diff a review comment points at: the changed file as it is now, or the old version.</summary>
public enum ReviewSide
{
    /// <summary>The file in the worktree (added and context lines; new line numbers).</summary>
    New,

    /// <summary>The old version (deleted lines; old line numbers).</summary>
    Old,
}

/// <summary>
/// A comment a person wrote on one or more lines of a workspace's diff, waiting to be sent to the
/// agent (<see cref="SentAt"/> null) or already sent. <see cref="QuotedCode"/> is what the person saw
/// when they wrote it; <see cref="Outdated"/> says the code under it has changed since.
/// </summary>
public sealed record ReviewComment
{
    public required string Id { get; init; }

    public required string WorkspaceId { get; init; }

    /// <summary>The file, relative to the worktree, '/' separated.</summary>
    public required string Path { get; init; }

    public required int StartLine { get; init; }

    public required int EndLine { get; init; }

    public ReviewSide Side { get; init; } = ReviewSide.New;

    /// <summary>The lines the comment is about, as they were when it was written (newline separated).</summary>
    public required string QuotedCode { get; init; }

    public required string Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the comment went to the agent; null while it is pending.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The code under the comment is no longer what was quoted (filled in when listed, not stored).</summary>
    public bool Outdated { get; init; }

    /// <summary><c>path:line</c> or <c>path:start-end</c> (old-side lines say so).</summary>
    public string Location => LocationOf(Path, StartLine, EndLine, Side);

    public static string LocationOf(string path, int startLine, int endLine, ReviewSide side) =>
        (startLine == endLine ? $"{path}:{startLine}" : $"{path}:{startLine}-{endLine}") + (side == ReviewSide.Old ? " (old)" : string.Empty);
}
