namespace Grove.Integrations.GitHub;

/// <summary>A pull request as Grove shows it. <see cref="State"/> is open, closed or merged.</summary>
public sealed record GitHubPullRequest(
    int Number,
    string Url,
    string Title,
    string? Body,
    string State,
    bool IsDraft,
    string HeadBranch,
    string HeadSha,
    string BaseBranch,
    bool? Mergeable,
    string? MergeableState,
    string? Author);

/// <summary>What to open: head branch into base branch.</summary>
public sealed record GitHubNewPullRequest(string Title, string? Body, string HeadBranch, string BaseBranch, bool Draft);

/// <summary>One check: a check run or a commit status. <see cref="Outcome"/> is passed, failed or pending.</summary>
public sealed record GitHubCheck(string Name, string Outcome, string? Url, string? Title, string? Summary, string? Text);

/// <summary>A review comment on a diff line (REST review comments; threads are grouped by <see cref="InReplyTo"/>), with the diff hunk it was written on.</summary>
public sealed record GitHubReviewComment(long Id, string Path, int? Line, string? Author, string Body, string? Url, long? InReplyTo, DateTimeOffset CreatedAt, string? DiffHunk = null);

/// <summary>A review thread from GitHub's GraphQL API: resolved or not, outdated or not, its comments oldest first.</summary>
public sealed record GitHubReviewThread(string Id, string Path, int? Line, bool IsResolved, bool IsOutdated, IReadOnlyList<GitHubReviewComment> Comments);

/// <summary>How to merge.</summary>
public enum GitHubMergeMethod
{
    Squash,
    Merge,
    Rebase,
}

/// <summary>The outcome of a merge: the merge commit and GitHub's message.</summary>
public sealed record GitHubMergeResult(bool Merged, string? Sha, string? Message);
