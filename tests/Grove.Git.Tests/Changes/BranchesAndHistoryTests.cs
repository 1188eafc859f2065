using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class BranchesAndHistoryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_local_and_remote_branches_without_the_origin_HEAD_alias()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("branch", "topic");
        var head = repo.Git("rev-parse", "HEAD").Trim();
        var writer = new GitTestServices().Writer;

        var all = await writer.ListBranchesAsync(repo.Path, cancellationToken: Token);
        var local = await writer.ListBranchesAsync(repo.Path, includeRemote: false, Token);

        Assert.Equal(
            [
                new BranchInfo("main", true, false, "origin/main", head),
                new BranchInfo("topic", false, false, null, head),
                new BranchInfo("origin/main", false, true, null, head),
            ],
            all);
        Assert.Equal(["main", "topic"], local.Select(b => b.Name));
    }

    [Fact]
    public async Task Creates_switches_and_deletes_branches()
    {
        using var repo = TestRepository.Create();
        var first = repo.Git("rev-parse", "HEAD").Trim();
        repo.Commit("second", ("b.txt", "b\n"));
        var writer = new GitTestServices().Writer;

        await writer.CreateBranchAsync(repo.Path, "from-first", first, Token);
        await writer.SwitchBranchAsync(repo.Path, "from-first", Token);
        Assert.Equal("from-first\n", repo.Git("branch", "--show-current"));
        Assert.Equal(first + "\n", repo.Git("rev-parse", "HEAD"));

        await writer.SwitchBranchAsync(repo.Path, "main", Token);
        await writer.DeleteBranchAsync(repo.Path, "from-first", cancellationToken: Token);
        Assert.DoesNotContain(await writer.ListBranchesAsync(repo.Path, false, Token), b => b.Name == "from-first");
    }

    [Theory]
    [InlineData("-D")]
    [InlineData("--force")]
    [InlineData("bad name")]
    [InlineData("x..y")]
    public async Task Refuses_invalid_branch_names(string name)
    {
        using var repo = TestRepository.Create();
        var writer = new GitTestServices().Writer;

        var create = await Assert.ThrowsAsync<GroveException>(() => writer.CreateBranchAsync(repo.Path, name, cancellationToken: Token));
        var switching = await Assert.ThrowsAsync<GroveException>(() => writer.SwitchBranchAsync(repo.Path, name, Token));

        Assert.Equal(ErrorKind.InvalidInput, create.Kind);
        Assert.Equal(ErrorKind.InvalidInput, switching.Kind);
        Assert.Equal("main\n", repo.Git("branch", "--show-current"));
    }

    [Fact]
    public async Task History_lists_commits_newest_first()
    {
        using var repo = TestRepository.Create();
        var second = repo.Commit("second: with ünïcode and | pipes", ("b.txt", "b\n"));
        var third = repo.Commit("third", ("c.txt", "c\n"));
        var writer = new GitTestServices().Writer;

        var history = await writer.GetHistoryAsync(repo.Path, cancellationToken: Token);

        Assert.Equal(["third", "second: with ünïcode and | pipes", "initial commit"], history.Select(c => c.Subject));
        Assert.Equal(third, history[0].Sha);
        Assert.Equal(second[..7], history[1].ShortSha[..7]);
        Assert.Equal(("Grove Test", "test@grove.invalid"), (history[0].Author, history[0].Email));
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - history[0].Date).TotalMinutes) < 10);
    }

    [Fact]
    public async Task History_since_a_base_and_with_a_limit()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "work");
        repo.Commit("one", ("1.txt", "1"));
        repo.Commit("two", ("2.txt", "2"));
        repo.Commit("three", ("3.txt", "3"));
        var writer = new GitTestServices().Writer;

        var sinceMain = await writer.GetHistoryAsync(repo.Path, baseRef: "main", cancellationToken: Token);
        var limited = await writer.GetHistoryAsync(repo.Path, limit: 2, cancellationToken: Token);

        Assert.Equal(["three", "two", "one"], sinceMain.Select(c => c.Subject));
        Assert.Equal(["three", "two"], limited.Select(c => c.Subject));
    }

    [Fact]
    public async Task History_of_an_empty_repository_is_empty()
    {
        using var folder = new TempDirectory();
        TestGit.Run(folder.Path, "init", "-q", "-b", "main");
        var writer = new GitTestServices().Writer;

        Assert.Empty(await writer.GetHistoryAsync(folder.Path, cancellationToken: Token));
    }
}
