using Grove.Core.Errors;
using Grove.Git.Running;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Running;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("https://user:ghp_secret@github.com/o/r.git", "https://***@github.com/o/r.git")]
    [InlineData("https://ghp_secret@github.com/o/r.git", "https://***@github.com/o/r.git")]
    [InlineData("fatal: unable to access 'http://x:ghp_secret@host:8080/r/': refused", "fatal: unable to access 'http://***@host:8080/r/': refused")]
    [InlineData("ssh://git@github.com/o/r.git", "ssh://git@github.com/o/r.git")]
    [InlineData("ssh://git:ghp_secret@host/o/r.git", "ssh://git:***@host/o/r.git")]
    [InlineData("git@github.com:o/r.git", "git@github.com:o/r.git")]
    [InlineData("no url here", "no url here")]
    public void Credentials_in_urls_are_masked(string input, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(input));

    [Fact]
    public async Task A_failed_fetch_never_shows_the_token()
    {
        using var repo = TestRepository.Create();
        var git = new GitTestServices().Runner;

        var ex = await Assert.ThrowsAsync<GitCommandException>(() => git.RunAsync(
            repo.Path,
            GitCommand.Create("fetch").Arg("https://user:ghp_secret123@127.0.0.1:9/o/r.git"),
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.DoesNotContain("ghp_secret123", ex.Message);
        Assert.DoesNotContain("ghp_secret123", ex.StandardError);
        Assert.DoesNotContain(ex.Arguments, a => a.Contains("ghp_secret123"));
        Assert.Contains("https://***@127.0.0.1:9/o/r.git", ex.Arguments);
    }
}
