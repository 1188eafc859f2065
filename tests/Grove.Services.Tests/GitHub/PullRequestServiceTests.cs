using Grove.Core.Errors;
using Grove.Services.PullRequests;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeGitHub;

namespace Grove.Services.Tests.GitHub;

/// <summary>IPullRequests end to end: real git (pushes to a local bare origin), real SQLite, the fake GitHub on loopback.</summary>
public sealed class PullRequestServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PushesWithUpstream_OpensAPrefilledPullRequest_AndStoresItOnTheWorkspace()
    {
        await using var bed = await PullRequestBed.StartAsync();
        var sha = await bed.CommitAsync("greeting.txt", "Add greeting", "Says hello.");
        var progress = new List<string>();

        var created = await bed.PullRequests.CreateAsync(bed.Workspace, new(), line => progress.Add(line), Ct);

        Assert.False(created.AlreadyExisted);
        Assert.Equal((1, "open", "Add greeting", "main", sha), (created.PullRequest.Number, created.PullRequest.State, created.PullRequest.Title, created.PullRequest.BaseBranch, created.PullRequest.HeadSha));
        Assert.Equal(sha, TestGit.Run(bed.Repository.RemotePath!, "rev-parse", "refs/heads/feature").Trim());
        Assert.Equal("origin/feature", TestGit.Run(bed.WorktreePath, "rev-parse", "--abbrev-ref", "@{upstream}").Trim());
        Assert.Equal("Says hello.", bed.GitHub.PullRequests[0].Body);
        Assert.NotEmpty(progress);
        var stored = await bed.StoredAsync();
        Assert.Equal((1, created.PullRequest.Url, "open", sha), (stored.PrNumber, stored.PrUrl, stored.PrState, stored.PrHeadSha));
        Assert.NotNull(stored.PrCheckedAt);
    }

    [Fact]
    public async Task Create_IsTrackedAsPrCreated_WithoutTheTitleBranchOrRepository()
    {
        await using var posthog = await Grove.Testing.FakePostHog.FakePostHogServer.StartAsync();
        await using var bed = await PullRequestBed.StartAsync();
        await bed.App.App.Get<ISettingsService>().SaveAsync(new Dictionary<string, string?>
        {
            [SettingKeys.PostHogKey] = posthog.ProjectKey,
            [SettingKeys.PostHogHost] = posthog.BaseUrl.AbsoluteUri,
            [SettingKeys.AnalyticsOptIn] = "true",
        }, Ct);
        await bed.CommitAsync("zebra.txt", "Add zebracanary");

        await bed.PullRequests.CreateAsync(bed.Workspace, new(Draft: true), cancellationToken: Ct);
        await bed.App.App.Get<Grove.Services.Analytics.IAnalytics>().FlushAsync(Ct);

        var created = Assert.Single(posthog.Events, e => e.Name == Grove.Services.Analytics.AnalyticsEvents.PrCreated);
        Assert.True(created.Properties["draft"]!.GetValue<bool>());
        var raw = string.Concat(posthog.RawBodies);
        Assert.DoesNotContain("zebracanary", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("octo", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("feature", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.GitHub.Token, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SeveralCommits_TitleFromTheBranch_BodyListsThem_AndOptionsWin()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "First step");
        await bed.CommitAsync("b.txt", "Second step");

        var created = await bed.PullRequests.CreateAsync(bed.Workspace, new(Draft: true), cancellationToken: Ct);

        Assert.Equal("Feature", created.PullRequest.Title);
        Assert.True(created.PullRequest.IsDraft);
        Assert.Equal("- First step\n- Second step", bed.GitHub.PullRequests[0].Body);
        Assert.Equal("draft", (await bed.StoredAsync()).PrState);
        bed.GitHub.PullRequests[0].Draft = false;
        await bed.PullRequests.GetStatusAsync(bed.Workspace, refresh: true, Ct);
        Assert.Equal("open", (await bed.StoredAsync()).PrState);
        var ontoItself = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.CreateAsync(bed.Workspace, new(Base: "feature"), cancellationToken: Ct));
        Assert.Equal(ErrorKind.InvalidInput, ontoItself.Kind);
    }

    [Fact]
    public async Task Create_WhenThePullRequestExists_LinksIt()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "Change");
        await bed.App.Changes.PushAsync(bed.Workspace, cancellationToken: Ct);
        bed.GitHub.AddPullRequest("feature", "Opened on the website");

        var created = await bed.PullRequests.CreateAsync(bed.Workspace, new(Title: "Mine"), cancellationToken: Ct);

        Assert.True(created.AlreadyExisted);
        Assert.Equal(("Opened on the website", 1), (created.PullRequest.Title, created.PullRequest.Number));
        Assert.Single(bed.GitHub.PullRequests);
        Assert.Equal(1, (await bed.StoredAsync()).PrNumber);
    }

    [Fact]
    public async Task Create_WithNothingCommitted_SaysSo()
    {
        await using var bed = await PullRequestBed.StartAsync();

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains("no commits ahead of 'main'", error.Message);
        Assert.Empty(bed.GitHub.PullRequests);
    }

    [Fact]
    public async Task Status_SummarizesChecksReviewAndUnpushed_IsCached_AndARefreshIsConditional()
    {
        await using var bed = await PullRequestBed.StartAsync();
        var sha = await bed.CommitAsync("a.txt", "Change");
        await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);
        bed.GitHub.AddCheckRun(sha, new FakeCheckRun("build", "success"));
        bed.GitHub.AddCheckRun(sha, new FakeCheckRun("test", "failure", "1 failed"));
        bed.GitHub.AddStatus(sha, new FakeCommitStatus("ci/deploy", "pending"));
        bed.GitHub.AddReview(1, "reviewer", "APPROVED");

        var status = await bed.PullRequests.GetStatusAsync(bed.Workspace, cancellationToken: Ct);
        var stored = await bed.StoredAsync();
        var requestsAfterFirst = bed.GitHub.Requests.Count;
        var cached = await bed.PullRequests.GetStatusAsync(bed.Workspace, cancellationToken: Ct);
        var refreshed = await bed.PullRequests.GetStatusAsync(bed.Workspace, refresh: true, cancellationToken: Ct);
        var requestsAfterCache = bed.GitHub.Requests.Take(requestsAfterFirst + 1).Count();
        await bed.CommitAsync("b.txt", "Local only");
        var withLocal = await bed.PullRequests.GetStatusAsync(bed.Workspace, refresh: true, cancellationToken: Ct);

        Assert.Equal(("open", "clean", "approved", 0), (status.PullRequest!.State, status.PullRequest.MergeableState, status.ReviewDecision, status.UnpushedCommits));
        Assert.Equal((1, 1, 1), (status.Checks!.Passed, status.Checks.Failed, status.Checks.Pending));
        Assert.Equal("test", Assert.Single(status.Checks.Failing).Name);
        Assert.NotNull(status.Checks.Failing[0].Url);
        Assert.Equal(new Core.Domain.PullRequestChecksCount(1, 1, 1), stored.PrChecks);
        Assert.Same(status, cached);
        Assert.Equal(requestsAfterFirst + 1, requestsAfterCache);
        Assert.Equal(status.PullRequest, refreshed.PullRequest);
        var prGets = bed.GitHub.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/pulls/1", StringComparison.Ordinal)).ToList();
        Assert.Contains(prGets, r => r.IfNoneMatch is not null && r.Status == 304);
        Assert.Equal(1, withLocal.UnpushedCommits);
    }

    [Fact]
    public async Task Status_WithoutAPullRequest_SaysNoneAndCountsUnpushed()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "Change");

        var status = await bed.PullRequests.GetStatusAsync(bed.Workspace, cancellationToken: Ct);
        var checks = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.GetChecksAsync(bed.Workspace, Ct));

        Assert.Null(status.PullRequest);
        Assert.Equal(("github.com/octo/hello", "feature", 1), (status.Repository, status.Branch, status.UnpushedCommits));
        Assert.Equal(ErrorKind.NotFound, checks.Kind);
        Assert.Contains("grove pr create feature", checks.Message);
    }

    [Fact]
    public async Task ChecksAndComments_ComeFromThePullRequest()
    {
        await using var bed = await PullRequestBed.StartAsync();
        var sha = await bed.CommitAsync("a.txt", "Change");
        await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);
        bed.GitHub.AddCheckRun(sha, new FakeCheckRun("test", "failure", "1 failed", "Tests failed", "Foo.Bar expected 1"));
        bed.GitHub.AddReviewComment(1, new FakeReviewComment("a.txt", 1, "reviewer", "Why?"));

        var checks = await bed.PullRequests.GetChecksAsync(bed.Workspace, Ct);
        var comments = await bed.PullRequests.GetCommentsAsync(bed.Workspace, Ct);

        Assert.Equal(("test", "failed", "Foo.Bar expected 1"), (checks[0].Name, checks[0].Outcome, checks[0].Text));
        Assert.Equal(("a.txt", (int?)1, "reviewer", "Why?"), (comments[0].Path, comments[0].Line, comments[0].Author, comments[0].Body));
    }

    [Fact]
    public async Task ReviewThreads_CarryTheResolvedState_FromGraphQl_AndFallBackToRestWithoutIt()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "Change");
        await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);
        bed.GitHub.AddReviewComment(1, new FakeReviewComment("a.txt", 1, "reviewer", "Why?", Resolved: true));
        bed.GitHub.AddReviewComment(1, new FakeReviewComment("a.txt", 1, "octo", "Because.", InReplyTo: 1));
        bed.GitHub.AddReviewComment(1, new FakeReviewComment("b.txt", 3, "reviewer", "Rename this."));

        var threads = await bed.PullRequests.GetReviewThreadsAsync(bed.Workspace, Ct);
        bed.GitHub.GraphQlAvailable = false;
        var fallback = await bed.PullRequests.GetReviewThreadsAsync(bed.Workspace, Ct);

        Assert.Equal([("a.txt", (int?)1, (bool?)true, 2), ("b.txt", 3, false, 1)], threads.Select(t => (t.Path, t.Line, t.IsResolved, t.Comments.Count)));
        Assert.Equal(["reviewer", "octo"], threads[0].Comments.Select(c => c.Author));
        Assert.Contains("+line 1", threads[0].DiffHunk, StringComparison.Ordinal);
        Assert.Contains(bed.GitHub.Requests, r => r.Method == "POST" && r.Path == "/api/graphql" && r.Authorization == $"Bearer {bed.GitHub.Token}");
        Assert.Equal([("a.txt", (int?)1, (bool?)null, 2), ("b.txt", 3, null, 1)], fallback.Select(t => (t.Path, t.Line, t.IsResolved, t.Comments.Count)));
        Assert.Contains("+line 3", fallback[1].DiffHunk, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompts_ForFailingChecks_AndReviewThreads_NameWhatTheAgentNeeds_AndCutLongOutput()
    {
        var longText = string.Concat(Enumerable.Repeat("x", 9000)) + "\nFINAL: Foo.Bar expected 1";
        var checks = PullRequestPrompts.FailingChecks(
        [
            new PullRequestCheck("build", "passed", null, null, null, null),
            new PullRequestCheck("test", "failed", "https://ci/1", "Tests failed", "1 failed", longText),
        ]);
        var comment = new PullRequestComment(1, "src/a.cs", 12, "reviewer", "Why not\nuse a list?", null, null, DateTimeOffset.UnixEpoch);
        var threads = PullRequestPrompts.ReviewThreads([new PullRequestReviewThread("t1", "src/a.cs", 12, false, false, "@@ -1 +1 @@\n+var x = 1;", [comment])]);

        Assert.StartsWith("This pull request check failed", checks, StringComparison.Ordinal);
        Assert.Contains("### test\nhttps://ci/1\n```\nTests failed\n\n1 failed\n\nxxx", checks, StringComparison.Ordinal);
        Assert.Contains("FINAL: Foo.Bar expected 1", checks, StringComparison.Ordinal);
        Assert.Contains("characters left out", checks, StringComparison.Ordinal);
        Assert.DoesNotContain("build", checks, StringComparison.Ordinal);
        Assert.InRange(checks.Length, 4000, 4400);
        Assert.Contains("`src/a.cs:12`\n```diff\n+var x = 1;\n```\n> **reviewer**: Why not\n> use a list?", threads, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_SquashesAtTheKnownHead_DeletesTheRemoteBranch_AndRecordsMerged()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "Change");
        await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);

        var merged = await bed.PullRequests.MergeAsync(bed.Workspace, PullRequestMergeMethod.Squash, deleteBranch: true, Ct);
        var again = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.MergeAsync(bed.Workspace, PullRequestMergeMethod.Squash, false, Ct));

        Assert.True(merged.BranchDeleted);
        Assert.Equal("squash", bed.GitHub.PullRequests[0].MergeMethod);
        Assert.Equal(["feature"], bed.GitHub.DeletedBranches);
        Assert.Equal("merged", (await bed.StoredAsync()).PrState);
        Assert.Equal(ErrorKind.Conflict, again.Kind);
        Assert.Contains("already merged", again.Message);
    }

    [Fact]
    public async Task Merge_NotMergeable_IsOneConflictLine()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.CommitAsync("a.txt", "Change");
        await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);
        bed.GitHub.Update(1, pr => pr.Mergeable = false);

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.MergeAsync(bed.Workspace, PullRequestMergeMethod.Merge, false, Ct));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("not mergeable", error.Message);
        Assert.Equal("open", (await bed.StoredAsync()).PrState);
    }

    [Fact]
    public async Task NoToken_SaysHowToAddOne_AndAuthReportsTheSource()
    {
        await using var without = await PullRequestBed.StartAsync(withToken: false);
        await using var with = await PullRequestBed.StartAsync();

        var error = await Assert.ThrowsAsync<GroveException>(() => without.PullRequests.GetStatusAsync(without.Workspace, cancellationToken: Ct));
        var none = await without.PullRequests.GetAuthAsync(without.Workspace, Ct);
        var some = await with.PullRequests.GetAuthAsync(cancellationToken: Ct);

        Assert.Equal(ErrorKind.AuthRequired, error.Kind);
        Assert.Contains("grove secret set github.token", error.Message);
        Assert.Contains("gh auth login", error.Message);
        Assert.Equal(("github.com", (string?)null), (none.Host, none.Source));
        Assert.Equal(("github.com", "secret github.token"), (some.Host, some.Source));
    }

    [Fact]
    public async Task NonGitHubRemote_OrNoRemote_IsOneUnsupportedLine_AndChangesStillWork()
    {
        await using var bed = await PullRequestBed.StartAsync();
        await bed.App.App.Get<ISettingsService>().SaveAsync(new Dictionary<string, string?> { [SettingKeys.GitHubApiUrl] = null }, Ct);
        TestGit.Run(bed.Repository.Path, "config", "remote.origin.url", "https://gitlab.com/octo/hello.git");

        var gitlab = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.GetStatusAsync(bed.Workspace, cancellationToken: Ct));
        TestGit.Run(bed.Repository.Path, "remote", "remove", "origin");
        var none = await Assert.ThrowsAsync<GroveException>(() => bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct));

        Assert.Equal(ErrorKind.Unsupported, gitlab.Kind);
        Assert.Contains("not a GitHub remote", gitlab.Message);
        Assert.Equal(ErrorKind.Unsupported, none.Kind);
        Assert.Contains("no 'origin' remote", none.Message);
        Assert.True((await bed.App.Changes.GetStatusAsync(bed.Workspace, Ct)).IsClean);
    }

    [Fact]
    public async Task GroveGitHubApiUrl_InTheEnvironment_PointsAtTheApi()
    {
        await using var bed = await PullRequestBed.StartAsync(apiFromEnvironment: true);
        await bed.CommitAsync("a.txt", "Change");

        var created = await bed.PullRequests.CreateAsync(bed.Workspace, new(), cancellationToken: Ct);

        Assert.Equal(1, created.PullRequest.Number);
        Assert.Contains(bed.GitHub.Requests, r => r.Method == "POST" && r.Path == "/api/v3/repos/octo/hello/pulls");
    }
}
