namespace Grove.Integrations.GitHub;

/// <summary>Who Grove talks to GitHub as: the token and where it came from (never shown).</summary>
public sealed record GitHubCredentials(string Token, string Source)
{
    public override string ToString() => $"token from {Source}";
}

/// <summary>
/// The GitHub REST calls Grove needs for pull requests (over Octokit). Every failure is a
/// <see cref="Core.Errors.GroveException"/> with one clear line (see <c>GitHubErrors</c>). GETs are
/// conditional (ETag / If-None-Match), so polling an unchanged pull request costs no rate limit.
/// </summary>
public interface IGitHubClient
{
    Task<GitHubPullRequest> CreatePullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, GitHubNewPullRequest request, CancellationToken cancellationToken = default);

    /// <summary>The newest pull request (any state) whose head is <paramref name="headBranch"/> of the same repository, or null.</summary>
    Task<GitHubPullRequest?> FindPullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, string headBranch, CancellationToken cancellationToken = default);

    Task<GitHubPullRequest> GetPullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default);

    /// <summary>Check runs and commit statuses of a commit, as one list.</summary>
    Task<IReadOnlyList<GitHubCheck>> GetChecksAsync(GitHubRepository repository, GitHubCredentials credentials, string sha, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GitHubReviewComment>> GetReviewCommentsAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default);

    /// <summary>The review threads with their resolved state, through GitHub's GraphQL API (REST has no resolved state).</summary>
    Task<IReadOnlyList<GitHubReviewThread>> GetReviewThreadsAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default);

    /// <summary>approved, changes_requested, or null (no deciding review), from each reviewer's latest review.</summary>
    Task<string?> GetReviewDecisionAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default);

    /// <summary>Merges when the head is still <paramref name="expectedHeadSha"/> (else 409).</summary>
    Task<GitHubMergeResult> MergeAsync(GitHubRepository repository, GitHubCredentials credentials, int number, GitHubMergeMethod method, string? expectedHeadSha, CancellationToken cancellationToken = default);

    Task DeleteBranchAsync(GitHubRepository repository, GitHubCredentials credentials, string branch, CancellationToken cancellationToken = default);
}
