using Grove.Core.Errors;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Running;

public sealed class GitRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arguments_with_spaces_quotes_and_unicode_reach_git_unchanged()
    {
        using var repo = TestRepository.Create();
        var git = new GitTestServices().Runner;
        const string value = "two  words \"double\" 'single' $HOME `tick` ; | & ünïcødé 🌲";

        await git.RunAsync(repo.Path, GitCommand.Create("config").Flag("--local").Arg("grove.value").Arg(value), cancellationToken: Token);

        Assert.Equal(value + "\n", repo.Git("config", "--get", "grove.value"));
        var read = await git.RunAsync(repo.Path, GitCommand.Create("config").Flag("--get").Arg("grove.value"), cancellationToken: Token);
        Assert.Equal(value + "\n", read.StandardOutput);
    }

    [Fact]
    public async Task Non_zero_exit_throws_with_exit_code_arguments_and_stderr()
    {
        using var repo = TestRepository.Create();
        var git = new GitTestServices().Runner;

        var ex = await Assert.ThrowsAsync<GitCommandException>(() =>
            git.RunAsync(repo.Path, GitCommand.Create("rev-parse").Flag("--verify").Arg("no-such-ref"), cancellationToken: Token));

        Assert.Equal(128, ex.ExitCode);
        Assert.Equal(ErrorKind.GitFailed, ex.Kind);
        Assert.Equal(["rev-parse", "--verify", "no-such-ref"], ex.Arguments);
        Assert.Contains("Needed a single revision", ex.StandardError);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith("git rev-parse failed (exit 128): fatal:", ex.Message);
    }

    [Fact]
    public async Task Non_zero_exit_is_returned_when_throwing_is_off()
    {
        using var repo = TestRepository.Create();
        var git = new GitTestServices().Runner;

        var result = await git.RunAsync(
            repo.Path, GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg("no-such-ref"),
            new GitRunOptions { ThrowOnError = false }, Token);

        Assert.Equal(1, result.ExitCode);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Outside_a_repository_is_invalid_input()
    {
        using var folder = new TempDirectory();
        var git = new GitTestServices().Runner;

        var ex = await Assert.ThrowsAsync<GitCommandException>(() =>
            git.RunAsync(folder.Path, GitCommand.Create("status"), cancellationToken: Token));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public async Task Missing_git_executable_is_GitMissing()
    {
        using var folder = new TempDirectory();
        var git = new GitTestServices(o => o.Executable = Path.Combine(folder.Path, "no-such-git")).Runner;

        var ex = await Assert.ThrowsAsync<GroveException>(() =>
            git.RunAsync(folder.Path, GitCommand.Create("version"), cancellationToken: Token));

        Assert.Equal(ErrorKind.GitMissing, ex.Kind);
        Assert.StartsWith("git was not found on PATH; install git", ex.Message);
    }

    [Fact]
    public async Task Missing_working_directory_is_NotFound_not_GitMissing()
    {
        using var folder = new TempDirectory();
        var git = new GitTestServices().Runner;

        var ex = await Assert.ThrowsAsync<GroveException>(() =>
            git.RunAsync(Path.Combine(folder.Path, "gone"), GitCommand.Create("status"), cancellationToken: Token));

        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Large_stdout_is_read_completely()
    {
        using var repo = TestRepository.Create();
        var big = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"line {i}\n"));
        repo.WriteFile("big.txt", big);
        var git = new GitTestServices().Runner;

        repo.Git("add", "big.txt");

        var result = await git.RunAsync(repo.Path, GitCommand.Create("diff").Flag("--cached").Flag("--no-color").Paths("big.txt"),
            new GitRunOptions { ThrowOnError = false }, Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+line 199999\n", result.StandardOutput);
        Assert.True(result.StandardOutput.Length > big.Length);
    }

    [Fact]
    public async Task Standard_input_is_written_and_closed()
    {
        using var repo = TestRepository.Create();
        var git = new GitTestServices().Runner;

        var result = await git.RunAsync(repo.Path, GitCommand.Create("hash-object").Flag("--stdin"),
            new GitRunOptions { StandardInput = "hello\n" }, Token);

        // sha1 of the blob "hello\n".
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", result.StandardOutput.Trim());
    }
}
