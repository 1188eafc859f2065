using Grove.Core.Domain;
using Grove.Testing;

namespace Grove.Git.Tests.Repositories;

public sealed class RepositoryInspectorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inspects_a_repository_with_an_origin()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("remote", "set-url", "origin", "git@github.com:grove-dev/grove.git");
        var inspector = new GitTestServices().Inspector;

        var info = await inspector.InspectAsync(Path.Combine(repo.Path, "src"), Token);

        Assert.NotNull(info);
        Assert.Equal(repo.Path, info.TopLevel);
        Assert.Equal("git@github.com:grove-dev/grove.git", info.OriginUrl);
        Assert.Equal(new RemoteInfo(GitProvider.GitHub, "github.com", "grove-dev", "grove"), info.Remote);
        Assert.Equal("main", info.DefaultBranch);
        Assert.Equal("main", info.CurrentBranch);
        Assert.True(info.HasCommits);
    }

    [Fact]
    public async Task Default_branch_comes_from_origin_HEAD_even_when_checked_out_elsewhere()
    {
        using var repo = TestRepository.Create(withRemote: true, defaultBranch: "trunk");
        repo.Git("switch", "-q", "-c", "feature");
        repo.Git("branch", "main");
        var inspector = new GitTestServices().Inspector;

        var info = await inspector.InspectAsync(repo.Path, Token);

        Assert.Equal("trunk", info!.DefaultBranch);
        Assert.Equal("feature", info.CurrentBranch);
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("master", "master")]
    public async Task Default_branch_without_origin_is_main_then_master(string initial, string expected)
    {
        using var repo = TestRepository.Create(defaultBranch: initial);
        repo.Git("switch", "-q", "-c", "feature");
        var inspector = new GitTestServices().Inspector;

        var info = await inspector.InspectAsync(repo.Path, Token);

        Assert.Equal(expected, info!.DefaultBranch);
        Assert.Null(info.OriginUrl);
        Assert.Null(info.Remote);
    }

    [Fact]
    public async Task Default_branch_falls_back_to_the_current_branch()
    {
        using var repo = TestRepository.Create(defaultBranch: "trunk");
        var inspector = new GitTestServices().Inspector;

        var info = await inspector.InspectAsync(repo.Path, Token);

        Assert.Equal("trunk", info!.DefaultBranch);
    }

    [Fact]
    public async Task A_repository_without_commits_is_reported()
    {
        using var folder = new TempDirectory();
        TestGit.Run(folder.Path, "init", "-q", "-b", "main");
        var inspector = new GitTestServices().Inspector;

        var info = await inspector.InspectAsync(folder.Path, Token);

        Assert.NotNull(info);
        Assert.False(info.HasCommits);
        Assert.Equal("main", info.CurrentBranch);
    }

    [Fact]
    public async Task A_folder_outside_git_gives_null()
    {
        using var folder = new TempDirectory();
        var inspector = new GitTestServices().Inspector;

        Assert.Null(await inspector.InspectAsync(folder.Path, Token));
        Assert.Null(await inspector.InspectAsync(folder.Combine("missing"), Token));
    }

    [Fact]
    public async Task Git_version_is_reported_or_null_when_git_is_missing()
    {
        var present = await new GitTestServices().Inspector.GetGitVersionAsync(Token);
        var missing = await new GitTestServices(o => o.Executable = "/nonexistent/grove-git").Inspector.GetGitVersionAsync(Token);

        Assert.StartsWith("git version ", present);
        Assert.Null(missing);
    }
}
