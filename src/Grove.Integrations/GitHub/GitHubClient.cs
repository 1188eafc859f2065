using System.Collections.Concurrent;
using Octokit;
using Octokit.Internal;

namespace Grove.Integrations.GitHub;

/// <summary>
/// <see cref="IGitHubClient"/> over Octokit. One Octokit client per API base and token, sharing one
/// <see cref="ETagCache"/> handler per API base so conditional requests survive between calls.
/// </summary>
/// <remarks>
/// Nothing of Octokit is touched until the first call (issue 12): a server that never talks to GitHub
/// never loads Octokit. So no Octokit type in a field, a static or the constructor: the clients are kept
/// as <see cref="object"/> and made in <see cref="ClientFor"/>; the GraphQL client is made on first use.
/// </remarks>
internal sealed class GitHubClient(TimeProvider time) : IGitHubClient
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Octokit clients (<c>Octokit.GitHubClient</c>) by API base and token.</summary>
    private readonly ConcurrentDictionary<string, object> _clients = new(StringComparer.Ordinal);

    private readonly Lazy<GitHubGraphQl> _graphQl = new(() => new GitHubGraphQl(new HttpClient(new SocketsHttpHandler
    {
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = RequestTimeout,
    }));

    public Task<GitHubPullRequest> CreatePullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, GitHubNewPullRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var created = await client.PullRequest.Create(repository.Owner, repository.Name, new NewPullRequest(request.Title, request.HeadBranch, request.BaseBranch)
            {
                Body = request.Body,
                Draft = request.Draft,
            });
            return Map(created);
        }, cancellationToken);

    public Task<GitHubPullRequest?> FindPullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, string headBranch, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var found = await client.PullRequest.GetAllForRepository(
                repository.Owner,
                repository.Name,
                new PullRequestRequest { Head = $"{repository.Owner}:{headBranch}", State = ItemStateFilter.All },
                new ApiOptions { PageSize = 30, PageCount = 1 });
            var newest = found.Where(pr => pr.Head?.Ref == headBranch).OrderByDescending(pr => pr.State.Value == ItemState.Open).ThenByDescending(pr => pr.Number).FirstOrDefault();
            return newest is null ? null : Map(newest);
        }, cancellationToken);

    public Task<GitHubPullRequest> GetPullRequestAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client => Map(await client.PullRequest.Get(repository.Owner, repository.Name, number)), cancellationToken);

    public Task<IReadOnlyList<GitHubCheck>> GetChecksAsync(GitHubRepository repository, GitHubCredentials credentials, string sha, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var runs = await client.Check.Run.GetAllForReference(repository.Owner, repository.Name, sha);
            var combined = await client.Repository.Status.GetCombined(repository.Owner, repository.Name, sha);
            var checks = new List<GitHubCheck>();
            checks.AddRange(runs.CheckRuns.Select(run => new GitHubCheck(
                run.Name,
                OutcomeOf(run),
                run.HtmlUrl ?? run.DetailsUrl,
                run.Output?.Title,
                run.Output?.Summary,
                run.Output?.Text)));
            checks.AddRange(combined.Statuses
                .GroupBy(status => status.Context)
                .Select(group => group.OrderByDescending(status => status.UpdatedAt).First())
                .Select(status => new GitHubCheck(status.Context, OutcomeOf(status.State.Value), status.TargetUrl, status.Description, null, null)));
            return (IReadOnlyList<GitHubCheck>)checks;
        }, cancellationToken);

    public Task<IReadOnlyList<GitHubReviewComment>> GetReviewCommentsAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var comments = await client.PullRequest.ReviewComment.GetAll(repository.Owner, repository.Name, number);
            return (IReadOnlyList<GitHubReviewComment>)[.. comments.Select(c => new GitHubReviewComment(
                c.Id,
                c.Path,
                DiffHunkLine.LastLine(c.DiffHunk),
                c.User?.Login,
                c.Body,
                c.HtmlUrl,
                c.InReplyToId,
                c.CreatedAt,
                c.DiffHunk))];
        }, cancellationToken);

    public Task<IReadOnlyList<GitHubReviewThread>> GetReviewThreadsAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, _ => _graphQl.Value.ReviewThreadsAsync(repository, credentials.Token, number, cancellationToken), cancellationToken);

    public Task<string?> GetReviewDecisionAsync(GitHubRepository repository, GitHubCredentials credentials, int number, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var reviews = await client.PullRequest.Review.GetAll(repository.Owner, repository.Name, number);
            var latest = reviews
                .Where(r => r.State.Value is PullRequestReviewState.Approved or PullRequestReviewState.ChangesRequested or PullRequestReviewState.Dismissed)
                .GroupBy(r => r.User?.Login ?? "")
                .Select(g => g.OrderByDescending(r => r.SubmittedAt).First().State.Value)
                .ToList();
            return latest.Contains(PullRequestReviewState.ChangesRequested) ? "changes_requested"
                : latest.Contains(PullRequestReviewState.Approved) ? "approved"
                : null;
        }, cancellationToken);

    public Task<GitHubMergeResult> MergeAsync(GitHubRepository repository, GitHubCredentials credentials, int number, GitHubMergeMethod method, string? expectedHeadSha, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            var merge = await client.PullRequest.Merge(repository.Owner, repository.Name, number, new MergePullRequest
            {
                MergeMethod = method switch
                {
                    GitHubMergeMethod.Merge => PullRequestMergeMethod.Merge,
                    GitHubMergeMethod.Rebase => PullRequestMergeMethod.Rebase,
                    _ => PullRequestMergeMethod.Squash,
                },
                Sha = expectedHeadSha,
            });
            return new GitHubMergeResult(merge.Merged, merge.Sha, merge.Message);
        }, cancellationToken);

    public Task DeleteBranchAsync(GitHubRepository repository, GitHubCredentials credentials, string branch, CancellationToken cancellationToken = default) =>
        CallAsync(repository, credentials, async client =>
        {
            await client.Git.Reference.Delete(repository.Owner, repository.Name, $"heads/{branch}");
            return true;
        }, cancellationToken);

    private async Task<T> CallAsync<T>(GitHubRepository repository, GitHubCredentials credentials, Func<Octokit.GitHubClient, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var client = ClientFor(repository.ApiBaseUrl, credentials.Token);
        try
        {
            return await call(client).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw GitHubErrors.Translate(exception, repository, credentials.Source, time);
        }
    }

    private Octokit.GitHubClient ClientFor(Uri apiBase, string token) =>
        (Octokit.GitHubClient)_clients.GetOrAdd($"{apiBase.AbsoluteUri} {token}", _ =>
        {
            var http = new HttpClientAdapter(() => new ETagCache(new SocketsHttpHandler
            {
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            }));
            var connection = new Connection(new ProductHeaderValue("Grove"), apiBase, new InMemoryCredentialStore(new Credentials(token)), http, new SimpleJsonSerializer());
            var client = new Octokit.GitHubClient(connection);
            client.SetRequestTimeout(RequestTimeout);
            return client;
        });

    private static GitHubPullRequest Map(PullRequest pr) => new(
        pr.Number,
        pr.HtmlUrl,
        pr.Title,
        pr.Body,
        pr.Merged ? "merged" : pr.State.Value == ItemState.Open ? "open" : "closed",
        pr.Draft,
        pr.Head?.Ref ?? "",
        pr.Head?.Sha ?? "",
        pr.Base?.Ref ?? "",
        pr.Mergeable,
        pr.MergeableState?.StringValue,
        pr.User?.Login);

    private static string OutcomeOf(CheckRun run) =>
        run.Status.Value != CheckStatus.Completed ? "pending"
        : run.Conclusion?.Value is CheckConclusion.Success or CheckConclusion.Neutral or CheckConclusion.Skipped ? "passed"
        : "failed";

    private static string OutcomeOf(CommitState state) => state switch
    {
        CommitState.Success => "passed",
        CommitState.Pending => "pending",
        _ => "failed",
    };
}
