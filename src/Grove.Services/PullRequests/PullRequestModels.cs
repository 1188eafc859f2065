namespace Grove.Services.PullRequests;

/// <summary>What <c>grove pr create</c> / the create dialog may set; nulls are prefilled (title/body from the branch's commits, base from the workspace).</summary>
public sealed record PullRequestCreateOptions(string? Title = null, string? Body = null, bool Draft = false, string? Base = null);

/// <summary>A pull request as Grove shows it. <see cref="State"/> is open, closed or merged; <see cref="MergeableState"/> clean, conflicting, blocked, behind, unstable, draft or unknown.</summary>
public sealed record PullRequestInfo(
    int Number,
    string Url,
    string Title,
    string State,
    bool IsDraft,
    string HeadBranch,
    string HeadSha,
    string BaseBranch,
    bool? Mergeable,
    string? MergeableState);

/// <summary>The outcome of create: the pull request, and whether it already existed (linked instead of opened).</summary>
public sealed record PullRequestCreated(PullRequestInfo PullRequest, bool AlreadyExisted);

/// <summary>One check run or commit status. <see cref="Outcome"/> is passed, failed or pending.</summary>
public sealed record PullRequestCheck(string Name, string Outcome, string? Url, string? Title, string? Summary, string? Text);

/// <summary>Counts of a commit's checks, and the failing ones (name and link).</summary>
public sealed record ChecksSummary(int Passed, int Failed, int Pending, IReadOnlyList<PullRequestCheck> Failing)
{
    public int Total => Passed + Failed + Pending;
}

/// <summary>
/// A workspace's pull request status: the PR (null when the branch has none yet), review decision
/// (approved, changes_requested or null), checks, and local commits not pushed yet.
/// </summary>
public sealed record PullRequestStatus(
    string Workspace,
    string Repository,
    string Branch,
    PullRequestInfo? PullRequest,
    string? ReviewDecision,
    ChecksSummary? Checks,
    int UnpushedCommits,
    DateTimeOffset CheckedAt);

/// <summary>A review comment on a diff line.</summary>
public sealed record PullRequestComment(long Id, string Path, int? Line, string? Author, string Body, string? Url, long? InReplyTo, DateTimeOffset CreatedAt);

/// <summary>How to merge a pull request.</summary>
public enum PullRequestMergeMethod
{
    Squash,
    Merge,
    Rebase,
}

/// <summary>The outcome of a merge.</summary>
public sealed record PullRequestMerged(int Number, string Url, PullRequestMergeMethod Method, string? Sha, bool BranchDeleted);

/// <summary>Which GitHub token Grove would use for a host: its source (secret, GH_TOKEN, gh, git credential), or null when none is found.</summary>
public sealed record GitHubAuthStatus(string Host, string? Source);

/// <summary>
/// A review thread on a diff line: its comments oldest first, whether it is resolved (null: not known,
/// when GitHub's GraphQL API could not be asked) and outdated (the code moved on), the diff hunk
/// it was written on.
/// </summary>
public sealed record PullRequestReviewThread(
    string Id,
    string Path,
    int? Line,
    bool? IsResolved,
    bool IsOutdated,
    string? DiffHunk,
    IReadOnlyList<PullRequestComment> Comments);
