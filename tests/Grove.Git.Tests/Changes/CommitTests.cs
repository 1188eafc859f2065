using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Git.Tests.Changes;

public sealed class CommitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commits_the_index_and_returns_the_new_sha()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "changed\n");
        repo.Git("add", "README.md");
        var writer = new GitTestServices().Writer;

        var sha = await writer.CommitAsync(repo.Path, "Update readme", cancellationToken: Token);

        Assert.Equal(repo.Git("rev-parse", "HEAD").Trim(), sha);
        Assert.Equal("Update readme", LastMessage(repo));
        Assert.Equal("", repo.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task Commits_only_the_selected_paths_including_an_untracked_one()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "selected change\n");
        repo.WriteFile("src/app.txt", "not selected\n");
        repo.Git("add", "src/app.txt");
        repo.WriteFile("brand new.txt", "new\n");
        repo.WriteFile("other new.txt", "other\n");
        var writer = new GitTestServices().Writer;

        await writer.CommitAsync(repo.Path, "Selected only", ["README.md", "brand new.txt"], cancellationToken: Token);

        Assert.Equal("README.md\nbrand new.txt\n", repo.Git("show", "--format=", "--name-only", "HEAD"));
        var status = repo.Git("status", "--porcelain");
        Assert.Contains("M  src/app.txt", status);
        Assert.Contains("?? \"other new.txt\"", status);
    }

    [Fact]
    public async Task StageAll_commits_everything_including_deletions()
    {
        using var repo = TestRepository.Create();
        File.Delete(Path.Combine(repo.Path, "README.md"));
        repo.WriteFile("added.txt", "a\n");
        var writer = new GitTestServices().Writer;

        await writer.CommitAsync(repo.Path, "Everything", stageAll: true, cancellationToken: Token);

        Assert.Equal("", repo.Git("status", "--porcelain"));
        Assert.Equal("D\tREADME.md\nA\tadded.txt\n", repo.Git("show", "--format=", "--name-status", "HEAD"));
    }

    [Theory]
    [InlineData("-m evil --amend")]
    [InlineData("--allow-empty")]
    [InlineData("Subject\n\nBody line 1\n# not a comment\nBody line 3")]
    [InlineData("ünïcødé 🌲 \"quotes\" 'single' $(whoami) `id`")]
    public async Task The_message_is_taken_literally(string message)
    {
        using var repo = TestRepository.Create();
        var parentCount = repo.Git("rev-list", "--count", "HEAD");
        repo.WriteFile("README.md", "changed\n");
        var writer = new GitTestServices().Writer;

        await writer.CommitAsync(repo.Path, message, stageAll: true, cancellationToken: Token);

        Assert.Equal(message, LastMessage(repo));
        Assert.Equal(int.Parse(parentCount) + 1, int.Parse(repo.Git("rev-list", "--count", "HEAD")));
    }

    [Fact]
    public async Task Nothing_to_commit_is_a_clear_InvalidInput()
    {
        using var repo = TestRepository.Create();
        var writer = new GitTestServices().Writer;

        var ex = await Assert.ThrowsAsync<GroveException>(() => writer.CommitAsync(repo.Path, "empty", cancellationToken: Token));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("nothing to commit", ex.Message);
    }

    [Fact]
    public async Task Nothing_to_commit_with_only_unstaged_changes()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "unstaged\n");
        var writer = new GitTestServices().Writer;

        var ex = await Assert.ThrowsAsync<GroveException>(() => writer.CommitAsync(repo.Path, "empty", cancellationToken: Token));

        Assert.Equal("nothing to commit", ex.Message);
    }

    [Fact]
    public async Task An_empty_message_is_refused()
    {
        using var repo = TestRepository.Create();
        repo.WriteFile("README.md", "changed\n");
        var writer = new GitTestServices().Writer;

        var ex = await Assert.ThrowsAsync<GroveException>(() => writer.CommitAsync(repo.Path, "  \n", stageAll: true, cancellationToken: Token));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
    }

    private static string LastMessage(TestRepository repo) => repo.Git("log", "-1", "--format=%B").TrimEnd('\n');
}
