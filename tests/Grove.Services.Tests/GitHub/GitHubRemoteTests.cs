using Grove.Integrations.GitHub;

namespace Grove.Services.Tests.GitHub;

public sealed class GitHubRemoteTests
{
    [Theory]
    [InlineData("https://github.com/octo/hello.git", "github.com", "octo", "hello", "https://api.github.com/")]
    [InlineData("https://github.com/octo/hello", "github.com", "octo", "hello", "https://api.github.com/")]
    [InlineData("git@github.com:octo/hello.git", "github.com", "octo", "hello", "https://api.github.com/")]
    [InlineData("ssh://git@github.com/octo/hello.git", "github.com", "octo", "hello", "https://api.github.com/")]
    [InlineData("https://github.example.com/team/app.git", "github.example.com", "team", "app", "https://github.example.com/api/v3/")]
    [InlineData("git@github.corp.local:team/app", "github.corp.local", "team", "app", "https://github.corp.local/api/v3/")]
    public void TryParse_GitHubRemotes_GiveHostOwnerNameAndApiBase(string url, string host, string owner, string name, string api)
    {
        var repository = GitHubRemote.TryParse(url);

        Assert.NotNull(repository);
        Assert.Equal((host, owner, name, api), (repository.Host, repository.Owner, repository.Name, repository.ApiBaseUrl.AbsoluteUri));
    }

    [Theory]
    [InlineData("https://gitlab.com/octo/hello.git")]
    [InlineData("/tmp/origin.git")]
    [InlineData("")]
    [InlineData("https://github.com/just-owner")]
    public void TryParse_OtherRemotes_AreNull(string url) => Assert.Null(GitHubRemote.TryParse(url));

    [Fact]
    public void TryParse_WithAnApiOverride_TakesAnyHost_AndAddsApiV3LikeOctokit()
    {
        var repository = GitHubRemote.TryParse("https://git.internal/octo/hello.git", "http://127.0.0.1:8080");

        Assert.Equal("http://127.0.0.1:8080/api/v3/", repository!.ApiBaseUrl.AbsoluteUri);
        Assert.Equal("https://api.github.com/", GitHubRemote.NormalizeApiBase("https://api.github.com").AbsoluteUri);
        Assert.Equal("https://ghe.local/api/v3/", GitHubRemote.NormalizeApiBase("https://ghe.local/api/v3/").AbsoluteUri);
    }
}
