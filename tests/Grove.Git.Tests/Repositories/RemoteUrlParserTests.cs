using Grove.Core.Domain;

namespace Grove.Git.Tests.Repositories;

public sealed class RemoteUrlParserTests
{
    [Theory]
    [InlineData("https://github.com/owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("https://github.com/owner/repo", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("https://user:token@github.com/owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("http://github.com/owner/repo/", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("ssh://git@github.com/owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("ssh://git@ssh.github.com:443/owner/repo.git", GitProvider.GitHub, "ssh.github.com", "owner", "repo")]
    [InlineData("git@github.com:owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("git@github.com:owner/repo", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("github.com:owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("git://github.com/owner/repo.git", GitProvider.GitHub, "github.com", "owner", "repo")]
    [InlineData("https://gitlab.com/group/sub/repo.git", GitProvider.GitLab, "gitlab.com", "group/sub", "repo")]
    [InlineData("git@gitlab.com:group/repo.git", GitProvider.GitLab, "gitlab.com", "group", "repo")]
    [InlineData("https://bitbucket.org/team/repo.git", GitProvider.Bitbucket, "bitbucket.org", "team", "repo")]
    [InlineData("git@bitbucket.org:team/repo.git", GitProvider.Bitbucket, "bitbucket.org", "team", "repo")]
    [InlineData("https://github.example.com:8443/org/repo.git", GitProvider.Other, "github.example.com", "org", "repo")]
    [InlineData("ssh://git@ghe.corp.internal:2222/org/repo.git", GitProvider.Other, "ghe.corp.internal", "org", "repo")]
    [InlineData("HTTPS://GitHub.com/Owner/Repo.git", GitProvider.GitHub, "github.com", "Owner", "Repo")]
    public void Parses_remote_urls(string url, GitProvider provider, string host, string owner, string repo) =>
        Assert.Equal(new RemoteInfo(provider, host, owner, repo), RemoteUrlParser.Parse(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/srv/git/repo.git")]
    [InlineData("../origin.git")]
    [InlineData("file:///srv/git/repo.git")]
    [InlineData("C:/repos/repo.git")]
    [InlineData("https://github.com/just-owner")]
    public void Local_paths_and_shapeless_urls_give_null(string? url) =>
        Assert.Null(RemoteUrlParser.Parse(url));
}
