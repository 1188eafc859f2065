using Grove.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services;
using Grove.Services.Changes;
using Grove.Services.Projects;
using Grove.Services.Settings;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Testing.FakeGitHub;
using Grove.Web.Components.Changes;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.PullRequests;

/// <summary>
/// The PR bar over Grove's real services, a real repository whose origin is the fake GitHub
/// (pushes go to a local bare repository) and the real pull request service: each state it shows,
/// create, Fix, review threads and merge.
/// </summary>
public sealed class PullRequestBarTests : UiTestContext
{
    private readonly TempDirectory _hostHome = new("host-home");
    private TestRepository _repo = null!;
    private FakeGitHubServer _github = null!;
    private readonly List<ComposerInsert> _inserted = [];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = _hostHome.Path }, _hostHome.Path));

    public override async ValueTask InitializeAsync()
    {
        _repo = TestRepository.Create(withRemote: true);
        _github = await FakeGitHubServer.StartAsync(cancellationToken: Ct);
        await base.InitializeAsync();
        await Get<ISettingsService>().SaveAsync(new Dictionary<string, string?> { [SettingKeys.GitHubApiUrl] = _github.BaseUrl.AbsoluteUri }, Ct);
        var inbox = Services.GetRequiredService<ComposerInbox>();
        inbox.Received += insert =>
        {
            lock (_inserted)
            {
                _inserted.Add(insert);
            }

            return Task.FromResult(true);
        };
    }

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await _github.DisposeAsync();
        _repo.Dispose();
        _hostHome.Dispose();
    }

    private async Task<Workspace> WorkspaceAsync(bool github = true, bool token = true)
    {
        if (github)
        {
            _github.UseAsOriginOf(_repo);
        }

        if (token)
        {
            await Get<ICredentialStore>().SetAsync(SettingKeys.GitHubTokenSecret, _github.Token, Ct);
        }

        var project = await Get<IProjectService>().AddAsync(_repo.Path, "demo", Ct);
        var request = new CreateWorkspaceRequest { Project = project.Id, Name = "feature", NoFetch = true, NoSetup = true };
        return (await Get<IWorkspaceService>().CreateAsync(request, cancellationToken: Ct)).Workspace;
    }

    private async Task<string> CommitAsync(Workspace workspace, string file, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(workspace.WorktreePath, file), $"{file}\n", Ct);
        return await Get<IWorkspaceChanges>().CommitAsync(workspace.Id, message, stageAll: true, cancellationToken: Ct);
    }

    private IRenderedComponent<PullRequestBar> RenderBar(Workspace workspace) =>
        Render<PullRequestBar>(p => p.Add(x => x.WorkspaceId, workspace.Id));

    private static void WaitFor(IRenderedComponent<PullRequestBar> bar, Action assertion) => bar.WaitForAssertion(assertion, TestTimeouts.Default);

    private static Task ClickAsync(IRenderedComponent<PullRequestBar> bar, string selector) =>
        bar.InvokeAsync(() => bar.Find(selector).ClickAsync(new MouseEventArgs()));

    [Fact]
    public async Task Without_a_token_one_quiet_line_says_how_to_add_one()
    {
        var workspace = await WorkspaceAsync(token: false);

        var bar = RenderBar(workspace);

        WaitFor(bar, () => Assert.Equal("unavailable", bar.Find("[data-test='pr-bar']").GetAttribute("data-pr-view")));
        Assert.Contains("grove secret set github.token", bar.Find("[data-test='pr-unavailable']").TextContent, StringComparison.Ordinal);
        Assert.Empty(bar.FindAll("button"));
    }

    [Fact]
    public async Task A_non_github_remote_is_one_quiet_line()
    {
        var workspace = await WorkspaceAsync(github: false);

        var bar = RenderBar(workspace);

        WaitFor(bar, () => Assert.Contains("not a GitHub remote", bar.Find("[data-test='pr-unavailable']").TextContent, StringComparison.Ordinal));
        Assert.Equal("unavailable", bar.Find("[data-test='pr-bar']").GetAttribute("data-pr-view"));
    }

    [Fact]
    public async Task Create_prefills_from_the_commit_pushes_and_then_shows_the_open_pull_request_with_its_checks()
    {
        var workspace = await WorkspaceAsync();
        var sha = await CommitAsync(workspace, "a.txt", "Add the a file");
        var bar = RenderBar(workspace);
        WaitFor(bar, () => Assert.Equal("none", bar.Find("[data-test='pr-bar']").GetAttribute("data-pr-view")));

        await ClickAsync(bar, "[data-action='create-pr']");
        WaitFor(bar, () => Assert.Equal("Add the a file", bar.Find("[data-test='pr-title']").GetAttribute("value")));
        var baseBranch = bar.Find("[data-test='pr-base']").GetAttribute("value");
        await bar.InvokeAsync(() => bar.Find("[data-test='pr-draft']").ChangeAsync(new ChangeEventArgs { Value = true }));
        _github.AddCheckRun(sha, new FakeCheckRun("build", "success"));
        _github.AddCheckRun(sha, new FakeCheckRun("test", "failure", "Tests failed", "1 failed", "Foo.Bar expected 1"));
        await ClickAsync(bar, "[data-action='confirm-create-pr']");

        WaitFor(bar, () => Assert.Equal("draft", bar.Find("[data-test='pr-bar-state']").GetAttribute("data-pr-state")));
        WaitFor(bar, () => Assert.Contains("1 passed · 1 failed · 0 pending", bar.Find("[data-test='pr-checks-summary']").TextContent, StringComparison.Ordinal));
        Assert.Equal("main", baseBranch);
        Assert.Empty(bar.FindAll("[data-test='pr-create-dialog']"));
        Assert.Contains("#1", bar.Find("[data-action='open-pr']").TextContent, StringComparison.Ordinal);
        var pull = Assert.Single(_github.PullRequests);
        Assert.True(pull.Draft);
        Assert.Equal(sha, pull.HeadSha);
        var stored = await Get<IWorkspaceService>().ResolveAsync(workspace.Id, Ct);
        Assert.Equal((1, "draft"), (stored.PrNumber, stored.PrState));
        Assert.Equal(new PullRequestChecksCount(1, 1, 0), stored.PrChecks);

        await ClickAsync(bar, "[data-action='toggle-checks']");
        WaitFor(bar, () => Assert.Equal(["test", "build"], bar.FindAll("[data-check]").Select(c => c.GetAttribute("data-check"))));
        Assert.Equal("failed", bar.Find("[data-check='test']").GetAttribute("data-outcome"));
    }

    [Fact]
    public async Task An_existing_pull_request_is_shown_and_Fix_puts_the_failing_checks_output_into_the_composer()
    {
        var workspace = await WorkspaceAsync();
        var sha = await CommitAsync(workspace, "a.txt", "Change");
        TestGit.Run(workspace.WorktreePath, "push", "-u", "origin", "feature");
        _github.AddPullRequest("feature", "Made elsewhere", headSha: sha);
        _github.AddCheckRun(sha, new FakeCheckRun("lint", "success"));
        _github.AddCheckRun(sha, new FakeCheckRun("test", "failure", "Tests failed", "1 failed", "Foo.Bar expected 1 but was 2"));
        var bar = RenderBar(workspace);

        WaitFor(bar, () => Assert.Equal("open", bar.Find("[data-test='pr-bar-state']").GetAttribute("data-pr-state")));
        Assert.Contains("Made elsewhere", bar.Find("[data-action='open-pr']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Ready to merge", bar.Find("[data-test='pr-mergeable']").TextContent);
        await ClickAsync(bar, "[data-action='fix-checks']");

        WaitFor(bar, () => Assert.Single(_inserted));
        var insert = _inserted[0];
        Assert.Equal(workspace.Id, insert.WorkspaceId);
        Assert.Contains("### test", insert.Text, StringComparison.Ordinal);
        Assert.Contains("Foo.Bar expected 1 but was 2", insert.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("lint", insert.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_threads_show_resolved_collapsed_and_the_selected_ones_go_to_the_composer()
    {
        var workspace = await WorkspaceAsync();
        var sha = await CommitAsync(workspace, "a.txt", "Change");
        TestGit.Run(workspace.WorktreePath, "push", "-u", "origin", "feature");
        _github.AddPullRequest("feature", "Change", headSha: sha);
        _github.AddReviewComment(1, new FakeReviewComment("a.txt", 1, "reviewer", "Done already.", Resolved: true));
        _github.AddReviewComment(1, new FakeReviewComment("src/b.cs", 7, "reviewer", "Please rename this."));
        var bar = RenderBar(workspace);
        WaitFor(bar, () => Assert.Equal("pull-request", bar.Find("[data-test='pr-bar']").GetAttribute("data-pr-view")));

        await ClickAsync(bar, "[data-action='toggle-review']");
        WaitFor(bar, () => Assert.Equal(2, bar.FindAll("[data-thread]").Count));
        var resolved = bar.FindAll("[data-thread]")[0];
        var open = bar.FindAll("[data-thread]")[1];
        Assert.Equal(("true", false), (resolved.GetAttribute("data-resolved"), resolved.HasAttribute("open")));
        Assert.Equal(("false", true), (open.GetAttribute("data-resolved"), open.HasAttribute("open")));
        await ClickAsync(bar, "[data-action='select-open-threads']");
        await ClickAsync(bar, "[data-action='send-threads']");

        WaitFor(bar, () => Assert.Single(_inserted));
        Assert.Contains("`src/b.cs:7`", _inserted[0].Text, StringComparison.Ordinal);
        Assert.Contains("> **reviewer**: Please rename this.", _inserted[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Done already.", _inserted[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_with_the_chosen_method_shows_merged_and_offers_to_archive()
    {
        var workspace = await WorkspaceAsync();
        var sha = await CommitAsync(workspace, "a.txt", "Change");
        TestGit.Run(workspace.WorktreePath, "push", "-u", "origin", "feature");
        _github.AddPullRequest("feature", "Change", headSha: sha);
        var bar = RenderBar(workspace);
        WaitFor(bar, () => Assert.Equal("open", bar.Find("[data-test='pr-bar-state']").GetAttribute("data-pr-state")));

        await ClickAsync(bar, "[data-action='merge-pr']");
        await bar.InvokeAsync(() => bar.Find("[data-test='pr-merge-method']").ChangeAsync(new ChangeEventArgs { Value = "Rebase" }));
        await ClickAsync(bar, "[data-action='confirm-merge-pr']");

        WaitFor(bar, () => Assert.Equal("merged", bar.Find("[data-test='pr-bar-state']").GetAttribute("data-pr-state")));
        Assert.Equal("rebase", _github.PullRequests[0].MergeMethod);
        Assert.Contains("feature", _github.DeletedBranches);
        Assert.Empty(bar.FindAll("[data-action='merge-pr']"));
        await ClickAsync(bar, "[data-action='archive-merged-workspace']");
        var archived = await Get<IWorkspaceService>().ResolveAsync(workspace.Id, Ct);
        Assert.True(archived.IsArchived);
    }

    [Fact]
    public async Task Unpushed_commits_are_counted_and_Push_sends_them()
    {
        var workspace = await WorkspaceAsync();
        var sha = await CommitAsync(workspace, "a.txt", "Change");
        TestGit.Run(workspace.WorktreePath, "push", "-u", "origin", "feature");
        _github.AddPullRequest("feature", "Change", headSha: sha);
        await CommitAsync(workspace, "b.txt", "More");
        var bar = RenderBar(workspace);

        WaitFor(bar, () => Assert.Equal("Push 1 commit", bar.Find("[data-action='push-pr']").TextContent.Trim()));
        await ClickAsync(bar, "[data-action='push-pr']");

        WaitFor(bar, () => Assert.Empty(bar.FindAll("[data-action='push-pr']")));
        Assert.Equal(TestGit.Run(workspace.WorktreePath, "rev-parse", "HEAD").Trim(), TestGit.Run(workspace.WorktreePath, "rev-parse", "origin/feature").Trim());
    }
}
