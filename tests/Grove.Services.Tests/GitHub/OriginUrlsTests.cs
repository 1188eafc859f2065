using Grove.Git;
using Grove.Services.PullRequests;
using Grove.Testing;
using Grove.Testing.Git;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.GitHub;

/// <summary>origin's URL is read with git once and again only when the repository's config changed (the pull request poller's git at idle).</summary>
public sealed class OriginUrlsTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task The_url_is_read_once_until_the_config_changes_and_a_fresh_write_is_not_trusted()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var git = new CountingGit();
        await using var app = await TestApp.StartAsync(s => TestApp.Decorate<IGitRunner>(s, git.Wrap));
        var config = Path.Combine(repo.Path, ".git", "config");
        var time = new FakeTimeProvider(new DateTimeOffset(File.GetLastWriteTimeUtc(config), TimeSpan.Zero).AddSeconds(1));
        var origins = new OriginUrls(app.App.Get<IGitRunner>(), time);
        git.Clear();

        // Written "just now" (within the file clock's slack): never trusted, read every time.
        var first = await origins.GetAsync(repo.Path, Ct);
        Assert.EndsWith(".git", first, StringComparison.Ordinal);
        Assert.Equal(first, await origins.GetAsync(repo.Path, Ct));
        Assert.Equal(2, git.Runs.Count);

        // Older: read once more, then known.
        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(first, await origins.GetAsync(repo.Path, Ct));
        }

        Assert.Equal(3, git.Runs.Count);

        // A new origin: the config file changed, so git is asked again.
        repo.Git("remote", "set-url", "origin", "https://github.com/octo/moved.git");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("https://github.com/octo/moved.git", await origins.GetAsync(repo.Path, Ct));
        Assert.Equal("https://github.com/octo/moved.git", await origins.GetAsync(repo.Path, Ct));
        Assert.Equal(4, git.Runs.Count);

        // No origin at all: "" (and known the same way).
        repo.Git("remote", "remove", "origin");
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("", await origins.GetAsync(repo.Path, Ct));
        Assert.Equal("", await origins.GetAsync(repo.Path, Ct));
        Assert.Equal(5, git.Runs.Count);
    }
}
