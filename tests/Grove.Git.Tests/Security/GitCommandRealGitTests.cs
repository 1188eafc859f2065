using Grove.Core.Errors;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Security;

/// <summary>
/// The built argument lists run by the real git (as an argument list, no shell): outside text
/// ends up as data — a message, a path — and never as an option, with no side effect.
/// </summary>
public sealed class GitCommandRealGitTests
{
    private static (int ExitCode, string StandardOutput, string StandardError) Run(string repository, GitCommand command) =>
        TestGit.TryRun(repository, [.. command.ToArguments()]);

    [Theory]
    [InlineData("--amend")]
    [InlineData("-c core.hooksPath=/tmp")]
    [InlineData("--upload-pack=touch pwned")]
    [InlineData("-m")]
    [InlineData("--")]
    [InlineData("-F /etc/passwd")]
    [InlineData("$(touch pwned)")]
    [InlineData("`touch pwned`")]
    [InlineData("; touch pwned; echo")]
    [InlineData("fix: a\n\n--author=Evil <evil@x>\n-c core.pager=touch pwned")]
    [InlineData("--message=inner")]
    public void CommitMessage_LooksLikeAnOption_IsStoredLiterally_AndNothingElseHappens(string message)
    {
        using var repo = TestRepository.Create();
        var before = repo.Git("rev-parse", "HEAD").Trim();
        var command = GitCommand.Create("commit")
            .Config("core.hooksPath", "/dev/null")
            .Config("commit.gpgSign", "false")
            .Flag("--allow-empty")
            .Flag("--no-edit")
            .Option("--message", message);

        var (code, _, stderr) = Run(repo.Path, command);

        Assert.True(code == 0, stderr);
        Assert.Equal(message, repo.Git("log", "-1", "--format=%B").TrimEnd('\n'));
        Assert.Equal(before, repo.Git("rev-parse", "HEAD~1").Trim());
        Assert.Equal("Grove Test", repo.Git("log", "-1", "--format=%an").Trim());
        Assert.False(File.Exists(Path.Combine(repo.Path, "pwned")));
        Assert.False(File.Exists("pwned"));
    }

    [Theory]
    [InlineData("--force")]
    [InlineData("-rf")]
    [InlineData("-n")]
    [InlineData("--all")]
    [InlineData("-A")]
    [InlineData(":(glob)**")]
    [InlineData(":")]
    [InlineData(":!README.md")]
    public void PathThatLooksLikeAnOptionOrMagic_IsAddedAsThatFileOnly(string name)
    {
        using var repo = TestRepository.Create();
        repo.WriteFile(".gitignore", "*.log\n");
        repo.Git("add", ".gitignore");
        repo.Git("commit", "-q", "-m", "ignore logs");
        repo.WriteFile("ignored.log", "ignored");
        repo.WriteFile("other.txt", "other");
        File.WriteAllText(Path.Combine(repo.Path, name), "literal");

        var (code, _, stderr) = Run(repo.Path, GitCommand.Create("add").Paths(PathGuard.ToGitPath(repo.Path, name)));

        Assert.True(code == 0, stderr);
        var staged = repo.Git("diff", "--cached", "--name-only", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([name], staged);
    }

    [Theory]
    [InlineData("-rf")]
    [InlineData("--force")]
    [InlineData("-r")]
    public void Rm_OfAFileNamedLikeAnOption_RemovesOnlyThatFile(string name)
    {
        using var repo = TestRepository.Create();
        repo.Commit("add odd file", (name, "odd"));

        var (code, _, stderr) = Run(repo.Path, GitCommand.Create("rm").Flag("-q").Paths(name));

        Assert.True(code == 0, stderr);
        var tracked = repo.Git("ls-files", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["README.md", "src/app.txt"], tracked.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(repo.Path, "src", "app.txt")));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("x.lock")]
    [InlineData("x/")]
    [InlineData(".hidden")]
    [InlineData("a b")]
    [InlineData("a@{1}")]
    [InlineData("-x")]
    public void RefArg_RefusesWhatGitItselfRefuses(string name)
    {
        using var repo = TestRepository.Create();

        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("branch").RefArg(name));
        var (code, _, _) = TestGit.TryRun(repo.Path, "check-ref-format", "--branch", name);
        Assert.NotEqual(0, code);
    }

    [Theory]
    [InlineData("feature/login")]
    [InlineData("release-1.0")]
    [InlineData("grove/ws_abc123")]
    [InlineData("fix-ümlaut")]
    public void RefArg_AcceptsNamesGitAccepts_AndTheBranchIsCreated(string name)
    {
        using var repo = TestRepository.Create();

        var (code, _, stderr) = Run(repo.Path, GitCommand.Create("branch").RefArg(name));

        Assert.True(code == 0, stderr);
        Assert.Equal(name, repo.Git("for-each-ref", "--format=%(refname:short)", "refs/heads/" + name).Trim());
    }

    [Fact]
    public void BranchNamedLikeUploadPack_NeverReachesFetch()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var marker = Path.Combine(repo.Scratch("marker"), "pwned");
        var hostile = $"--upload-pack=touch {marker}";

        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("fetch").Arg("origin").Arg(hostile));
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("fetch").Flag(hostile));
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("fetch").Option("--upload-pack", $"touch {marker}"));

        var (code, _, stderr) = Run(repo.Path, GitCommand.Create("fetch").Flag("-q").Arg("origin").RefArg("main"));
        Assert.True(code == 0, stderr);
        Assert.False(File.Exists(marker));
    }
}
