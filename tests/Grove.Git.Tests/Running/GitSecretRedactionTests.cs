using Grove.Core.Errors;
using Grove.Git.Running;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Running;

public sealed class GitSecretRedactionTests
{
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
