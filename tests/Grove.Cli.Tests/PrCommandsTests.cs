using Grove.Agents;
using Grove.Testing;
using Grove.Testing.FakeGitHub;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary>
/// <c>grove pr …</c> as a user runs it: the project's origin looks like github.com/octo/hello (pushes go to
/// a local bare repository), <c>grove config set github.api_url</c> points at the fake GitHub, and the token
/// comes from <c>grove secret set github.token</c>. The host environment is made up, so no real token leaks in.
/// </summary>
public sealed class PrCommandsTests
{
    [Fact]
    public async Task CreateStatusChecksCommentsMerge_WorkFromTheCommandLine()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        using var repo = TestRepository.Create(withRemote: true);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        using var grove = Grove(repo, github);
        await grove.OkAsync("config", "set", "github.api_url", github.BaseUrl.AbsoluteUri);
        grove.Input = github.Token + "\n";
        await grove.OkAsync("secret", "set", "github.token");
        var worktree = await NewWorkspaceAsync(grove, repo);
        File.WriteAllText(Path.Combine(worktree, "hello.txt"), "hello\n");
        await grove.OkAsync("ws", "commit", "feature", "-m", "Say hello", "--all");
        var sha = TestGit.Run(worktree, "rev-parse", "HEAD").Trim();

        var auth = await grove.OkAsync("pr", "auth", "feature");
        var created = await grove.RunAsync("pr", "create", "feature", "--draft");
        github.AddCheckRun(sha, new FakeCheckRun("build", "success"));
        github.AddCheckRun(sha, new FakeCheckRun("test", "failure", "1 failed"));
        github.AddReviewComment(1, new FakeReviewComment("hello.txt", 1, "reviewer", "Say it louder"));
        var status = await grove.OkAsync("pr", "status", "feature", "--refresh");
        var json = await grove.JsonAsync("pr", "status", "feature");
        var checks = await grove.RunAsync("pr", "checks", "feature");
        var comments = await grove.OkAsync("pr", "comments", "feature");
        var url = await grove.OkAsync("pr", "open", "feature", "--print");
        var merged = await grove.OkAsync("pr", "merge", "feature", "--rebase", "--delete-branch");
        var list = await grove.OkAsync("ws", "show", "feature");

        Assert.Equal("github.com: using the token from secret github.token.", auth.Trim());
        Assert.DoesNotContain(github.Token, auth);
        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Opened draft pull request #1 (feature → main)", created.Output);
        Assert.Contains("Pushing feature", created.Error);
        Assert.Contains("checks:    1 passed, 1 failed, 0 pending", status);
        Assert.Contains("✗ test", status);
        Assert.Equal(1, json.GetProperty("pullRequest").GetProperty("number").GetInt32());
        Assert.Equal(ExitCodes.Failure, checks.ExitCode);
        Assert.Contains("failed", checks.Output);
        Assert.Contains("hello.txt:1  open", comments);
        Assert.Contains("  reviewer", comments);
        Assert.Contains("Say it louder", comments);
        Assert.EndsWith("/octo/hello/pull/1", url.Trim());
        Assert.Contains("Merged pull request #1 (rebase); deleted the remote branch.", merged);
        Assert.Equal("rebase", github.PullRequests[0].MergeMethod);
        Assert.Contains("pr:       #1 merged", list);
    }

    [Fact]
    public async Task NoToken_AndNonGitHubRemote_AreOneLineEach_WithTheirExitCodes()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        using var repo = TestRepository.Create(withRemote: true);
        await using var github = await FakeGitHubServer.StartAsync(cancellationToken: ct);
        using var grove = Grove(repo, github);
        await NewWorkspaceAsync(grove, repo);

        var noToken = await grove.RunAsync("pr", "status", "feature");
        var auth = await grove.RunAsync("pr", "auth");
        TestGit.Run(repo.Path, "config", "remote.origin.url", "https://gitlab.com/octo/hello.git");
        var gitlab = await grove.RunAsync("pr", "create", "feature");

        Assert.Equal(ExitCodes.AuthRequired, noToken.ExitCode);
        Assert.Contains("grove secret set github.token", noToken.Error);
        Assert.Single(noToken.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.AuthRequired, auth.ExitCode);
        Assert.Contains("No GitHub token for github.com", auth.Output);
        Assert.Equal(ExitCodes.Unsupported, gitlab.ExitCode);
        Assert.Contains("not a GitHub remote", gitlab.Error);
        Assert.Single(gitlab.Error.Trim().Split('\n'));
    }

    private static CliRunner Grove(TestRepository repo, FakeGitHubServer github)
    {
        github.UseAsOriginOf(repo);
        var home = repo.Scratch("host-home");
        Directory.CreateDirectory(home);
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = home }, home);
        return new CliRunner { ConfigureServices = services => services.AddSingleton(host) };
    }

    private static async Task<string> NewWorkspaceAsync(CliRunner grove, TestRepository repo)
    {
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "feature");
        return Path.Combine(grove.WorktreesRoot, "repo", "feature");
    }
}
