using System.Collections.Concurrent;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Integrations.GitHub;
using Grove.Services.Changes;

namespace Grove.Services.PullRequests;

internal sealed class PullRequestService(
    GitHubTargets targets,
    IGitHubClient github,
    IWorkspaceChanges changes,
    IWorkspaceStore store,
    BranchCommits commits,
    TimeProvider time,
    Analytics.IAnalytics analytics) : IPullRequests
{
    /// <summary>How long a status is reused without asking GitHub (the ETag makes a re-ask cheap too).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, PullRequestStatus> _cache = new(StringComparer.Ordinal);

    public async Task<PullRequestCreated> CreateAsync(string workspace, PullRequestCreateOptions options, Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var baseBranch = Clean(options.Base) ?? target.Workspace.BaseBranch
            ?? throw new GroveException(ErrorKind.InvalidInput, $"Workspace '{target.Workspace.Name}' has no base branch; pass one (--base).");
        if (baseBranch == target.Branch)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The branch '{target.Branch}' is the base itself; a pull request needs a branch of its own.");
        }

        var own = await commits.SinceBaseAsync(target.Workspace.WorktreePath, baseBranch, cancellationToken);
        if (own.Count == 0)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{target.Branch}' has no commits ahead of '{baseBranch}'; commit something first.");
        }

        onProgress?.Invoke($"Pushing {target.Branch} to origin…");
        await changes.PushAsync(target.Workspace.Id, onProgress, cancellationToken);

        var existing = await github.FindPullRequestAsync(target.Repository, target.Credentials, target.Branch, cancellationToken);
        if (existing is { State: "open" })
        {
            return new PullRequestCreated(await RememberAsync(target, existing, cancellationToken), AlreadyExisted: true);
        }

        var (title, body) = Prefill(target.Branch, own);
        GitHubPullRequest created;
        try
        {
            created = await github.CreatePullRequestAsync(
                target.Repository,
                target.Credentials,
                new GitHubNewPullRequest(Clean(options.Title) ?? title, options.Body ?? body, target.Branch, baseBranch, options.Draft),
                cancellationToken);
        }
        catch (GroveException exception) when (exception.Kind == ErrorKind.AlreadyExists)
        {
            // Opened elsewhere between the look-up and the create: link that one.
            var raced = await github.FindPullRequestAsync(target.Repository, target.Credentials, target.Branch, cancellationToken);
            if (raced is not { State: "open" })
            {
                throw;
            }

            return new PullRequestCreated(await RememberAsync(target, raced, cancellationToken), AlreadyExisted: true);
        }

        analytics.Track(Analytics.AnalyticsEvents.PrCreated, new Dictionary<string, object> { ["draft"] = options.Draft });
        return new PullRequestCreated(await RememberAsync(target, created, cancellationToken), AlreadyExisted: false);
    }

    public async Task<PullRequestCreateOptions> GetCreateDraftAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var baseBranch = target.Workspace.BaseBranch ?? "main";
        var own = await commits.SinceBaseAsync(target.Workspace.WorktreePath, baseBranch, cancellationToken);
        var (title, body) = own.Count == 0 ? ("", "") : Prefill(target.Branch, own);
        return new PullRequestCreateOptions(title, body, Draft: false, Base: baseBranch);
    }

    public async Task<PullRequestStatus> GetStatusAsync(string workspace, bool refresh = false, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        if (!refresh && _cache.TryGetValue(target.Workspace.Id, out var cached) && time.GetUtcNow() - cached.CheckedAt < CacheFor)
        {
            return cached;
        }

        var pullRequest = await CurrentAsync(target, cancellationToken);
        string? decision = null;
        ChecksSummary? checks = null;
        if (pullRequest is not null)
        {
            decision = await github.GetReviewDecisionAsync(target.Repository, target.Credentials, pullRequest.Number, cancellationToken);
            checks = Summarize(await github.GetChecksAsync(target.Repository, target.Credentials, pullRequest.HeadSha, cancellationToken));
        }

        var unpushed = await commits.UnpushedAsync(target.Workspace.WorktreePath, target.Branch, target.Workspace.BaseBranch ?? "main", cancellationToken);
        var status = new PullRequestStatus(
            target.Workspace.Name,
            target.Repository.ToString(),
            target.Branch,
            pullRequest is null ? null : await RememberAsync(target, pullRequest, cancellationToken, checks is null ? null : new PullRequestChecksCount(checks.Passed, checks.Failed, checks.Pending)),
            decision,
            checks,
            unpushed,
            time.GetUtcNow());
        _cache[target.Workspace.Id] = status;
        return status;
    }

    public async Task<IReadOnlyList<PullRequestCheck>> GetChecksAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var pullRequest = await RequireAsync(target, cancellationToken);
        var checks = await github.GetChecksAsync(target.Repository, target.Credentials, pullRequest.HeadSha, cancellationToken);
        return [.. checks.Select(Map)];
    }

    public async Task<IReadOnlyList<PullRequestComment>> GetCommentsAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var pullRequest = await RequireAsync(target, cancellationToken);
        var comments = await github.GetReviewCommentsAsync(target.Repository, target.Credentials, pullRequest.Number, cancellationToken);
        return [.. comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(Map)];
    }

    public async Task<IReadOnlyList<PullRequestReviewThread>> GetReviewThreadsAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var pullRequest = await RequireAsync(target, cancellationToken);
        try
        {
            var threads = await github.GetReviewThreadsAsync(target.Repository, target.Credentials, pullRequest.Number, cancellationToken);
            return [.. threads.Where(t => t.Comments.Count > 0)
                .Select(t => new PullRequestReviewThread(
                    t.Id,
                    t.Path,
                    t.Line,
                    t.IsResolved,
                    t.IsOutdated,
                    t.Comments[0].DiffHunk,
                    [.. t.Comments.OrderBy(c => c.CreatedAt).Select(Map)]))
                .OrderBy(t => t.Comments[0].CreatedAt)];
        }
        catch (GroveException exception) when (exception.Kind is not (ErrorKind.AuthRequired or ErrorKind.RateLimited or ErrorKind.Network))
        {
            // No GraphQL (an old Enterprise server, a proxy, a token without it): the REST comments, resolved unknown.
            var comments = await github.GetReviewCommentsAsync(target.Repository, target.Credentials, pullRequest.Number, cancellationToken);
            return Threads(comments);
        }
    }

    /// <summary>REST review comments as threads: each reply joins the thread of the comment it answers.</summary>
    internal static IReadOnlyList<PullRequestReviewThread> Threads(IReadOnlyList<GitHubReviewComment> comments)
    {
        var byId = comments.ToDictionary(c => c.Id);
        long RootOf(GitHubReviewComment comment)
        {
            var current = comment;
            for (var hops = 0; current.InReplyTo is { } parent && byId.TryGetValue(parent, out var next) && hops < 100; hops++)
            {
                current = next;
            }

            return current.Id;
        }

        return [.. comments
            .GroupBy(RootOf)
            .Select(group =>
            {
                var ordered = group.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
                var root = byId[group.Key];
                return new PullRequestReviewThread($"comment-{root.Id}", root.Path, root.Line, null, false, root.DiffHunk, [.. ordered.Select(Map)]);
            })
            .OrderBy(t => t.Comments[0].CreatedAt)];
    }

    private static PullRequestComment Map(GitHubReviewComment c) => new(c.Id, c.Path, c.Line, c.Author, c.Body, c.Url, c.InReplyTo, c.CreatedAt);

    public async Task<PullRequestMerged> MergeAsync(string workspace, PullRequestMergeMethod method, bool deleteBranch, CancellationToken cancellationToken = default)
    {
        var target = await targets.ResolveAsync(workspace, cancellationToken);
        var pullRequest = await RequireAsync(target, cancellationToken);
        if (pullRequest.State != "open")
        {
            throw new GroveException(ErrorKind.Conflict, $"Pull request #{pullRequest.Number} is already {pullRequest.State}.");
        }

        var merged = await github.MergeAsync(
            target.Repository,
            target.Credentials,
            pullRequest.Number,
            method switch
            {
                PullRequestMergeMethod.Merge => GitHubMergeMethod.Merge,
                PullRequestMergeMethod.Rebase => GitHubMergeMethod.Rebase,
                _ => GitHubMergeMethod.Squash,
            },
            pullRequest.HeadSha,
            cancellationToken);
        if (!merged.Merged)
        {
            throw new GroveException(ErrorKind.Conflict, $"GitHub did not merge #{pullRequest.Number}: {merged.Message}");
        }

        await store.SetPullRequestAsync(
            target.Workspace.Id,
            new WorkspacePullRequest(pullRequest.Number, pullRequest.Url, "merged", pullRequest.HeadSha, time.GetUtcNow(), target.Workspace.PrChecks),
            cancellationToken);
        _cache.TryRemove(target.Workspace.Id, out _);
        if (deleteBranch)
        {
            await github.DeleteBranchAsync(target.Repository, target.Credentials, target.Branch, cancellationToken);
        }

        return new PullRequestMerged(pullRequest.Number, pullRequest.Url, method, merged.Sha, deleteBranch);
    }

    public Task<GitHubAuthStatus> GetAuthAsync(string? workspace = null, CancellationToken cancellationToken = default) =>
        targets.AuthAsync(workspace, cancellationToken);

    /// <summary>The pull request recorded on the workspace (conditional GET), else the branch's newest one on GitHub, else null.</summary>
    private async Task<GitHubPullRequest?> CurrentAsync(GitHubTarget target, CancellationToken cancellationToken)
    {
        if (target.Workspace.PrNumber is { } number)
        {
            var recorded = await github.GetPullRequestAsync(target.Repository, target.Credentials, number, cancellationToken);
            if (recorded.HeadBranch == target.Branch)
            {
                return recorded;
            }
        }

        return await github.FindPullRequestAsync(target.Repository, target.Credentials, target.Branch, cancellationToken);
    }

    private async Task<GitHubPullRequest> RequireAsync(GitHubTarget target, CancellationToken cancellationToken) =>
        await CurrentAsync(target, cancellationToken)
        ?? throw new GroveException(ErrorKind.NotFound, $"'{target.Branch}' has no pull request yet; 'grove pr create {target.Workspace.Name}' opens one.");

    /// <summary>
    /// Stores number, url, state, head and time on the workspace (state <c>draft</c> for an open draft,
    /// so the sidebar can tell it apart) and the checks' counts when known (the sidebar's checks dot);
    /// returns Grove's view of the pull request.
    /// </summary>
    private async Task<PullRequestInfo> RememberAsync(GitHubTarget target, GitHubPullRequest pullRequest, CancellationToken cancellationToken, PullRequestChecksCount? checks = null)
    {
        var recordedState = pullRequest.IsDraft && pullRequest.State == "open" ? "draft" : pullRequest.State;
        await store.SetPullRequestAsync(
            target.Workspace.Id,
            new WorkspacePullRequest(pullRequest.Number, pullRequest.Url, recordedState, pullRequest.HeadSha, time.GetUtcNow(), checks),
            cancellationToken);
        _cache.TryRemove(target.Workspace.Id, out _);
        return new PullRequestInfo(
            pullRequest.Number,
            pullRequest.Url,
            pullRequest.Title,
            pullRequest.State,
            pullRequest.IsDraft,
            pullRequest.HeadBranch,
            pullRequest.HeadSha,
            pullRequest.BaseBranch,
            pullRequest.Mergeable,
            pullRequest.MergeableState switch
            {
                null => null,
                "dirty" => "conflicting",
                var state => state,
            });
    }

    private static ChecksSummary Summarize(IReadOnlyList<GitHubCheck> checks) => new(
        checks.Count(c => c.Outcome == "passed"),
        checks.Count(c => c.Outcome == "failed"),
        checks.Count(c => c.Outcome == "pending"),
        [.. checks.Where(c => c.Outcome == "failed").Select(Map)]);

    private static PullRequestCheck Map(GitHubCheck check) => new(check.Name, check.Outcome, check.Url, check.Title, check.Summary, check.Text);

    /// <summary>One commit: its subject and body. Several: the branch name as a title, the subjects as a list.</summary>
    internal static (string Title, string Body) Prefill(string branch, IReadOnlyList<(string Subject, string Body)> own)
    {
        if (own.Count == 1)
        {
            return (own[0].Subject, own[0].Body);
        }

        var name = branch.Contains('/', StringComparison.Ordinal) ? branch[(branch.LastIndexOf('/') + 1)..] : branch;
        var title = name.Replace('-', ' ').Replace('_', ' ').Trim();
        title = title.Length == 0 ? branch : char.ToUpperInvariant(title[0]) + title[1..];
        return (title, string.Join('\n', own.Select(c => $"- {c.Subject}")));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
