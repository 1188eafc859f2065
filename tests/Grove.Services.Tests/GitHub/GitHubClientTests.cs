using Grove.Core.Errors;
using Grove.Integrations.GitHub;
using Grove.Testing;
using Grove.Testing.FakeGitHub;

namespace Grove.Services.Tests.GitHub;

/// <summary>The Octokit-based client against the fake GitHub on loopback (as an Enterprise base URL).</summary>
public sealed class GitHubClientTests
{
    private static readonly string Sha = new('1', 40);

    [Fact]
    public async Task CreateFindAndGet_RoundTrip_AndASecondCreateIsAlreadyExists()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.PushHead("feature", Sha);
        var (client, repo, credentials) = Setup(github);

        var created = await client.CreatePullRequestAsync(repo, credentials, new GitHubNewPullRequest("Add it", "Body", "feature", "main", Draft: true), ct);
        var found = await client.FindPullRequestAsync(repo, credentials, "feature", ct);
        var none = await client.FindPullRequestAsync(repo, credentials, "other", ct);
        var again = await Assert.ThrowsAsync<GroveException>(() => client.CreatePullRequestAsync(repo, credentials, new GitHubNewPullRequest("x", null, "feature", "main", false), ct));

        Assert.Equal((1, "open", true, Sha, "main"), (created.Number, created.State, created.IsDraft, created.HeadSha, created.BaseBranch));
        Assert.Equal(created.Url, found!.Url);
        Assert.Null(none);
        Assert.Equal(ErrorKind.AlreadyExists, again.Kind);
        Assert.Contains("already exists", again.Message);
    }

    [Fact]
    public async Task GetPullRequest_Twice_SendsIfNoneMatch_AndThe304GivesTheSameData()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.AddPullRequest("feature", "Title", headSha: Sha);
        var (client, repo, credentials) = Setup(github);

        var first = await client.GetPullRequestAsync(repo, credentials, 1, ct);
        var second = await client.GetPullRequestAsync(repo, credentials, 1, ct);
        github.Update(1, pr => pr.MergeableState = "dirty");
        var third = await client.GetPullRequestAsync(repo, credentials, 1, ct);

        var gets = github.Requests.Where(r => r.Path.EndsWith("/pulls/1", StringComparison.Ordinal)).ToList();
        Assert.Null(gets[0].IfNoneMatch);
        Assert.NotNull(gets[1].IfNoneMatch);
        Assert.Equal([200, 304, 200], gets.Select(r => r.Status));
        Assert.Equal(first, second);
        Assert.Equal("dirty", third.MergeableState);
    }

    [Fact]
    public async Task Checks_CombineRunsAndStatuses_WithOutcomes()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.AddCheckRun(Sha, new FakeCheckRun("build", "success"));
        github.AddCheckRun(Sha, new FakeCheckRun("test", "failure", "2 failed", "Tests failed", "FooTests.Bar"));
        github.AddCheckRun(Sha, new FakeCheckRun("lint", null));
        github.AddStatus(Sha, new FakeCommitStatus("ci/legacy", "error", "broke"));
        var (client, repo, credentials) = Setup(github);

        var checks = await client.GetChecksAsync(repo, credentials, Sha, ct);

        Assert.Equal(
            [("build", "passed"), ("test", "failed"), ("lint", "pending"), ("ci/legacy", "failed")],
            checks.Select(c => (c.Name, c.Outcome)));
        Assert.Equal(("2 failed", "Tests failed", "FooTests.Bar"), (checks[1].Title, checks[1].Summary, checks[1].Text));
        Assert.NotNull(checks[3].Url);
    }

    [Fact]
    public async Task ReviewCommentsAndDecision_AreRead()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.AddPullRequest("feature", "Title");
        github.AddReviewComment(1, new FakeReviewComment("src/a.cs", 12, "reviewer", "Rename this"));
        github.AddReview(1, "reviewer", "APPROVED");
        github.AddReview(1, "other", "CHANGES_REQUESTED");
        var (client, repo, credentials) = Setup(github);

        var comments = await client.GetReviewCommentsAsync(repo, credentials, 1, ct);
        var decision = await client.GetReviewDecisionAsync(repo, credentials, 1, ct);

        Assert.Equal(("src/a.cs", (int?)12, "reviewer", "Rename this"), (comments[0].Path, comments[0].Line, comments[0].Author, comments[0].Body));
        Assert.Equal("changes_requested", decision);
    }

    [Fact]
    public async Task Merge_405And409AreConflicts_ThenMerges()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        github.PushHead("feature", Sha);
        github.AddPullRequest("feature", "Title");
        github.Update(1, pr => pr.Mergeable = false);
        var (client, repo, credentials) = Setup(github);

        var notMergeable = await Assert.ThrowsAsync<GroveException>(() => client.MergeAsync(repo, credentials, 1, GitHubMergeMethod.Squash, Sha, ct));
        github.Update(1, pr => pr.Mergeable = true);
        var moved = await Assert.ThrowsAsync<GroveException>(() => client.MergeAsync(repo, credentials, 1, GitHubMergeMethod.Squash, new string('2', 40), ct));
        var merged = await client.MergeAsync(repo, credentials, 1, GitHubMergeMethod.Rebase, Sha, ct);
        await client.DeleteBranchAsync(repo, credentials, "feature", ct);

        Assert.Equal(ErrorKind.Conflict, notMergeable.Kind);
        Assert.Contains("405", notMergeable.Message);
        Assert.Equal(ErrorKind.Conflict, moved.Kind);
        Assert.Contains("409", moved.Message);
        Assert.True(merged.Merged);
        Assert.Equal("rebase", github.PullRequests[0].MergeMethod);
        Assert.Equal(["feature"], github.DeletedBranches);
    }

    [Fact]
    public async Task Errors_401_RateLimit_404_Network_AreOneClearLineEach()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        var (client, repo, _) = Setup(github);
        var wrong = new GitHubCredentials("ghp_wrong", "GH_TOKEN");
        var good = new GitHubCredentials(github.Token, "secret github.token");

        var unauthorized = await Assert.ThrowsAsync<GroveException>(() => client.GetPullRequestAsync(repo, wrong, 1, ct));
        github.RateLimitNext(DateTimeOffset.UtcNow.AddMinutes(30));
        var limited = await Assert.ThrowsAsync<GroveException>(() => client.GetPullRequestAsync(repo, good, 1, ct));
        var hidden = await Assert.ThrowsAsync<GroveException>(() => client.GetPullRequestAsync(repo with { Name = "secret" }, good, 1, ct));
        var closedPort = GitHubRemote.TryParse("https://github.com/octo/hello", "http://127.0.0.1:1")!;
        var network = await Assert.ThrowsAsync<GroveException>(() => client.GetPullRequestAsync(closedPort, good, 1, ct));

        Assert.Equal(ErrorKind.AuthRequired, unauthorized.Kind);
        Assert.Contains("GH_TOKEN", unauthorized.Message);
        Assert.DoesNotContain("ghp_wrong", unauthorized.Message);
        Assert.Equal(ErrorKind.RateLimited, limited.Kind);
        Assert.Contains("resets at", limited.Message);
        Assert.Equal(ErrorKind.NotFound, hidden.Kind);
        Assert.Contains("octo/secret", hidden.Message);
        Assert.Equal(ErrorKind.Network, network.Kind);
        Assert.All([unauthorized, limited, hidden, network], e => Assert.DoesNotContain('\n', e.Message));
    }

    private static (IGitHubClient Client, GitHubRepository Repository, GitHubCredentials Credentials) Setup(FakeGitHubServer github) =>
        (new GitHubClient(TimeProvider.System),
         GitHubRemote.TryParse($"https://github.com/{github.Owner}/{github.Repository}.git", github.BaseUrl.AbsoluteUri)!,
         new GitHubCredentials(github.Token, "test"));
}
