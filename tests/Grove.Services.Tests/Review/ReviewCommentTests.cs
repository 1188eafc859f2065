using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Core.Review;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Services.Review;
using Grove.Services.Tests.Agents;
using Grove.Services.Workspaces;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Review;

/// <summary>Comments on diff lines: real repository, real SQLite, and the real Claude Code CLI where they are sent.</summary>
public sealed class ReviewCommentTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Add_QuotesTheLinesFromTheWorktree_AndTheyAreListedPending()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var ws = await NewWorkspaceAsync(app, repo);
        var comments = app.App.Get<IReviewComments>();

        var added = await comments.AddAsync(ws.Name, new NewReviewComment { Path = "./src/app.txt", StartLine = 2, EndLine = 3, Body = "  Rename these.  " }, Ct);

        Assert.Equal("src/app.txt", added.Path);
        Assert.Equal("line 2\nline 3", added.QuotedCode);
        Assert.Equal("Rename these.", added.Body);
        Assert.Equal("src/app.txt:2-3", added.Location);
        var listed = Assert.Single(await comments.ListAsync(ws.Name, cancellationToken: Ct));
        Assert.Equal(added.Id, listed.Id);
        Assert.False(listed.Outdated);
        Assert.Null(listed.SentAt);
    }

    [Fact]
    public async Task Add_RefusesPathsOutsideTheWorktree_LinesPastTheEnd_AndAnEmptyBody()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var ws = await NewWorkspaceAsync(app, repo);
        var comments = app.App.Get<IReviewComments>();

        await Assert.ThrowsAsync<SecurityViolationException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "../../etc/passwd", StartLine = 1, Body = "x" }, Ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "/etc/passwd", StartLine = 1, Body = "x" }, Ct));
        var past = await Assert.ThrowsAsync<GroveException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 3, EndLine = 9, Body = "x" }, Ct));
        Assert.Equal(ErrorKind.InvalidInput, past.Kind);
        Assert.Contains("has 3 lines", past.Message);
        var empty = await Assert.ThrowsAsync<GroveException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 1, Body = "  " }, Ct));
        Assert.Equal(ErrorKind.InvalidInput, empty.Kind);
        var missing = await Assert.ThrowsAsync<GroveException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "nope.txt", StartLine = 1, Body = "x" }, Ct));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        var oldSide = await Assert.ThrowsAsync<GroveException>(() => comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 1, Side = ReviewSide.Old, Body = "x" }, Ct));
        Assert.Equal(ErrorKind.InvalidInput, oldSide.Kind);
        Assert.Empty(await comments.ListAsync(ws.Name, cancellationToken: Ct));
    }

    [Fact]
    public async Task EditAndDelete_ChangeOnlyThatWorkspacesComment()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var ws = await NewWorkspaceAsync(app, repo);
        var other = (await app.Workspaces.CreateAsync(new() { Project = Path.GetFileName(repo.Path), Name = "other" }, cancellationToken: Ct)).Workspace;
        var comments = app.App.Get<IReviewComments>();
        var changes = new List<string>();
        comments.Changed += changes.Add;
        var first = await comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 1, Body = "one" }, Ct);
        var second = await comments.AddAsync(ws.Name, new NewReviewComment { Path = "README.md", StartLine = 1, Body = "two" }, Ct);

        var edited = await comments.EditAsync(ws.Name, first.Id, "one, edited", Ct);
        var wrongWorkspace = await Assert.ThrowsAsync<GroveException>(() => comments.DeleteAsync(other.Name, second.Id, Ct));
        await comments.DeleteAsync(ws.Name, second.Id, Ct);

        Assert.Equal("one, edited", edited.Body);
        Assert.Equal(ErrorKind.NotFound, wrongWorkspace.Kind);
        var left = Assert.Single(await comments.ListAsync(ws.Name, cancellationToken: Ct));
        Assert.Equal("one, edited", left.Body);
        Assert.Equal([ws.Id, ws.Id, ws.Id, ws.Id], changes);
    }

    [Fact]
    public async Task Comments_SurviveANewServiceInstanceOnTheSameDatabase()
    {
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-home");
        string workspaceName;
        string id;
        await using (var first = await GroveApp.StartAsync(new GrovePaths(home.Path), cancellationToken: Ct))
        {
            var project = await first.Get<Grove.Services.Projects.IProjectService>().AddAsync(repo.Path, cancellationToken: Ct);
            var ws = (await first.Get<IWorkspaceService>().CreateAsync(new() { Project = project.Name, Name = "keep" }, cancellationToken: Ct)).Workspace;
            workspaceName = ws.Name;
            id = (await first.Get<IReviewComments>().AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 2, Body = "Still here?" }, Ct)).Id;
        }

        await using var second = await GroveApp.StartAsync(new GrovePaths(home.Path), cancellationToken: Ct);
        var listed = Assert.Single(await second.Get<IReviewComments>().ListAsync(workspaceName, cancellationToken: Ct));
        Assert.Equal(id, listed.Id);
        Assert.Equal("Still here?", listed.Body);
        Assert.Equal("line 2", listed.QuotedCode);
    }

    [Fact]
    public async Task AComment_IsOutdated_WhenTheLinesUnderItChange_ButKeepsWhatTheUserSaw()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var ws = await NewWorkspaceAsync(app, repo);
        var comments = app.App.Get<IReviewComments>();
        await comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 2, Body = "Fix line 2." }, Ct);
        await comments.AddAsync(ws.Name, new NewReviewComment { Path = "README.md", StartLine = 1, Body = "Title." }, Ct);

        File.WriteAllText(Path.Combine(ws.WorktreePath, "src", "app.txt"), "line 1\nline two\nline 3\n");
        var listed = await comments.ListAsync(ws.Name, cancellationToken: Ct);

        Assert.True(listed[0].Outdated);
        Assert.Equal("line 2", listed[0].QuotedCode);
        Assert.False(listed[1].Outdated);
        var block = ReviewCommentBlock.Compose(listed);
        Assert.Contains("`src/app.txt:2` " + ReviewCommentBlock.OutdatedNote + "\n```\nline 2\n```\nFix line 2.", block);

        File.Delete(Path.Combine(ws.WorktreePath, "README.md"));
        Assert.True((await comments.ListAsync(ws.Name, cancellationToken: Ct))[1].Outdated);
    }

    [Fact]
    public void Block_NamesFileAndLines_QuotesTheCode_AndGoesBeforeTheText()
    {
        var comments = new[]
        {
            Comment("src/a.cs", 12, 14, "int a;\nint b;\nint c;", "Use one declaration."),
            Comment("docs/x.md", 3, 3, "Some ``` fence", "Old wording.") with { Side = ReviewSide.Old },
        };

        var block = ReviewCommentBlock.Compose(comments);
        var message = ReviewCommentBlock.Attach(block, "  And run the tests.  ");

        Assert.Equal(
            "Review comments:\n\n" +
            "`src/a.cs:12-14`\n```\nint a;\nint b;\nint c;\n```\nUse one declaration.\n\n" +
            "`docs/x.md:3 (old)`\n````\nSome ``` fence\n````\nOld wording.",
            block);
        Assert.Equal(block + "\n\nAnd run the tests.", message);
        Assert.Equal(block, ReviewCommentBlock.Attach(block, ""));
        Assert.Equal("/review now\n\n" + block, ReviewCommentBlock.Attach(block, "/review now"));
        Assert.True(ReviewCommentBlock.Carries(message, "And run the tests."));
        Assert.True(ReviewCommentBlock.Carries("plain", "plain"));
        Assert.False(ReviewCommentBlock.Carries(message, "something else"));
    }

    [Fact]
    public async Task TheNextMessage_CarriesThePendingComments_ToTheAgent_AndMarksThemSent()
    {
        await using var bed = await AgentBed.StartAsync();
        var comments = bed.App.App.Get<IReviewComments>();
        File.WriteAllText(bed.InWorktree("src/app.txt"), "line 1\nline 2 changed\nline 3\n");
        await comments.AddAsync(bed.Workspace.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 2, Body = "Why was this changed?" }, AgentBed.Ct);
        bed.Api.Enqueue(FakeResponse.Text("Looking at it."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Please address my comments.", AgentBed.Ct);
        await bed.WaitForResultAsync();

        var sent = bed.Api.LastUserText;
        Assert.Contains("`src/app.txt:2`\n```\nline 2 changed\n```\nWhy was this changed?", sent);
        Assert.True(sent.IndexOf("Review comments:", StringComparison.Ordinal) < sent.IndexOf("Please address my comments.", StringComparison.Ordinal));
        Assert.Empty(await comments.ListAsync(bed.Workspace.Name, cancellationToken: AgentBed.Ct));
        var kept = Assert.Single(await comments.ListAsync(bed.Workspace.Name, includeSent: true, AgentBed.Ct));
        Assert.NotNull(kept.SentAt);

        // The transcript holds it as an ordinary user message: stored and searchable.
        var user = Assert.Single(bed.Stored<Core.Agents.UserEvent>(), u => !u.FromAgent);
        Assert.StartsWith("Review comments:", user.Content);
        var hits = await bed.App.App.Get<ITranscripts>().SearchAsync("changed", cancellationToken: AgentBed.Ct);
        Assert.Contains(hits, h => h.TabId == bed.Tab.Id);
    }

    [Fact]
    public async Task SendAlone_SendsOnlyTheComments_ToTheMostRecentTab()
    {
        await using var bed = await AgentBed.StartAsync();
        var comments = bed.App.App.Get<IReviewComments>();
        await comments.AddAsync(bed.Workspace.Name, new NewReviewComment { Path = "README.md", StartLine = 1, Body = "Better title." }, AgentBed.Ct);
        bed.Api.Enqueue(FakeResponse.Text("Done."));

        var result = await comments.SendAsync(bed.Workspace.Name, cancellationToken: AgentBed.Ct);
        await bed.WaitForResultAsync();

        Assert.Equal(bed.Tab.Id, result.TabId);
        Assert.Equal(1, result.Count);
        Assert.True(result.Outcome.Started);
        Assert.EndsWith("\nReview comments:\n\n`README.md:1`\n```\n# test repo\n```\nBetter title.", "\n" + bed.Api.LastUserText.Trim());
        Assert.Equal("Review comments:\n\n`README.md:1`\n```\n# test repo\n```\nBetter title.", Assert.Single(bed.Stored<Core.Agents.UserEvent>(), u => !u.FromAgent).Content);
        var none = await Assert.ThrowsAsync<GroveException>(() => comments.SendAsync(bed.Workspace.Name, cancellationToken: AgentBed.Ct));
        Assert.Equal(ErrorKind.InvalidInput, none.Kind);
    }

    [Fact]
    public async Task ARefusedSend_LeavesTheCommentsPending()
    {
        using var repo = TestRepository.Create();
        using var missing = new TempDirectory("no-agent");
        await using var app = await TestApp.StartAsync(services => services.AddSingleton(new AgentRunOptions { ExecutablePath = Path.Combine(missing.Path, "claude") }));
        var ws = await NewWorkspaceAsync(app, repo);
        var comments = app.App.Get<IReviewComments>();
        await comments.AddAsync(ws.Name, new NewReviewComment { Path = "src/app.txt", StartLine = 1, Body = "Keep me." }, Ct);
        var tab = await app.App.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = ws.Id }, Ct);

        await Assert.ThrowsAnyAsync<GroveException>(() => app.App.Get<IAgentRuns>().SendAsync(tab.Id, "Go.", Ct));
        await Assert.ThrowsAnyAsync<GroveException>(() => comments.SendAsync(ws.Name, cancellationToken: Ct));

        var pending = Assert.Single(await comments.ListAsync(ws.Name, cancellationToken: Ct));
        Assert.Null(pending.SentAt);
    }

    private static ReviewComment Comment(string path, int start, int end, string code, string body) => new()
    {
        Id = Ids.New("rc"),
        WorkspaceId = "ws_test",
        Path = path,
        StartLine = start,
        EndLine = end,
        QuotedCode = code,
        Body = body,
    };

    private static async Task<Workspace> NewWorkspaceAsync(TestApp app, TestRepository repo)
    {
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        return (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "review" }, cancellationToken: Ct)).Workspace;
    }
}
