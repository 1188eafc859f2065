namespace Grove.Services.PullRequests;

/// <summary>
/// GitHub pull requests of workspaces (addressed like every workspace: id, name or project/name), for
/// the CLI, the HTTP API and the UI alike. A project whose origin is not on GitHub, or that has no
/// origin, gets one <see cref="Core.Errors.ErrorKind.Unsupported"/> line; no token, one
/// <see cref="Core.Errors.ErrorKind.AuthRequired"/> line saying how to add one. The pull request's
/// number, url, state and head are stored on the workspace; status is cached for ~10 s.
/// </summary>
public interface IPullRequests
{
    /// <summary>Pushes the branch (with upstream), then opens a pull request into the workspace's base, or links the one that exists.</summary>
    Task<PullRequestCreated> CreateAsync(string workspace, PullRequestCreateOptions options, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    /// <summary>What the create dialog starts from: title and body from the branch's commits, base = the workspace's base branch, not a draft.</summary>
    Task<PullRequestCreateOptions> GetCreateDraftAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>The branch's pull request, review decision, checks and unpushed commits; <paramref name="refresh"/> skips the cache.</summary>
    Task<PullRequestStatus> GetStatusAsync(string workspace, bool refresh = false, CancellationToken cancellationToken = default);

    /// <summary>Every check of the pull request's head (names, outcomes, links, output).</summary>
    Task<IReadOnlyList<PullRequestCheck>> GetChecksAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>The pull request's review comments, oldest first.</summary>
    Task<IReadOnlyList<PullRequestComment>> GetCommentsAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>
    /// The pull request's review threads (file, line, comments, resolved or not), oldest first. The
    /// resolved state comes from GitHub's GraphQL API; when that fails, the REST review comments are
    /// grouped into threads with the resolved state unknown (null).
    /// </summary>
    Task<IReadOnlyList<PullRequestReviewThread>> GetReviewThreadsAsync(string workspace, CancellationToken cancellationToken = default);

    /// <summary>Merges the open pull request at the head Grove last saw (a newer head is refused), optionally deleting the remote branch.</summary>
    Task<PullRequestMerged> MergeAsync(string workspace, PullRequestMergeMethod method, bool deleteBranch, CancellationToken cancellationToken = default);

    /// <summary>Which token source would be used for the workspace's GitHub host (github.com without a workspace).</summary>
    Task<GitHubAuthStatus> GetAuthAsync(string? workspace = null, CancellationToken cancellationToken = default);
}
