using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

/// <summary>Values that must never become git options, subcommands or config.</summary>
public sealed class GitCommandInjectionTests
{
    [Theory]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("-c")]
    [InlineData("-ccore.hooksPath=/tmp")]
    [InlineData("--exec=x")]
    [InlineData("-D")]
    [InlineData("--output=/tmp/x")]
    [InlineData("--force")]
    [InlineData("-f")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("--git-dir=/tmp/evil")]
    [InlineData("-uevil")]
    [InlineData("")]
    [InlineData("main\n--force")]
    [InlineData("main\0--force")]
    [InlineData("main\r")]
    public void Arg_BranchNameThatLooksLikeAnOption_IsRefused(string name)
    {
        var command = GitCommand.Create("branch");
        Assert.Throws<SecurityViolationException>(() => command.Arg(name));
        Assert.Throws<SecurityViolationException>(() => command.RefArg(name));
    }

    [Theory]
    [InlineData("refs/heads/--foo")]
    [InlineData("feature/-x")]
    [InlineData("HEAD@{-1}")]
    [InlineData("main@{upstream}")]
    [InlineData("a..b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("a?")]
    [InlineData("a*")]
    [InlineData("a[0]")]
    [InlineData("a\\b")]
    [InlineData("x.lock")]
    [InlineData("refs/heads/x.lock/y")]
    [InlineData("x/")]
    [InlineData("/x")]
    [InlineData("x.")]
    [InlineData("a//b")]
    [InlineData(".hidden")]
    [InlineData("a/.b")]
    [InlineData("@")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("a\u007f")]
    public void RefArg_InvalidRefName_IsRefusedBeforeGitRuns(string name)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("branch").RefArg(name));
    }

    [Theory]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("--upload-pack=x")]
    [InlineData("--upl=x")]
    [InlineData("--receive-pack=x")]
    [InlineData("--exec=x")]
    [InlineData("--exe=x")]
    [InlineData("--output=x")]
    [InlineData("--out=x")]
    [InlineData("--config=core.hooksPath=x")]
    [InlineData("--config-env=x=Y")]
    [InlineData("--git-dir=x")]
    [InlineData("--work-tree=x")]
    [InlineData("--template=x")]
    [InlineData("--separate-git-dir=x")]
    [InlineData("--ext-diff")]
    [InlineData("--no-index")]
    [InlineData("--unsafe-paths")]
    [InlineData("--file=x")]
    [InlineData("--pathspec-from-file=x")]
    [InlineData("--open-files-in-pager=x")]
    [InlineData("-c")]
    [InlineData("-cx")]
    [InlineData("--")]
    [InlineData("-")]
    [InlineData("--output=/tmp/x")]
    [InlineData("--message=$(touch x)")]
    [InlineData("x")]
    public void Flag_Dangerous_IsRefusedForAnySubcommand(string flag)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("fetch").Flag(flag));
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("diff").Flag(flag));
    }

    [Theory]
    [InlineData("rebase", "-x")]
    [InlineData("rebase", "-ix")]
    [InlineData("rebase", "--exec=touch")]
    [InlineData("ls-remote", "-u")]
    [InlineData("clone", "-u")]
    [InlineData("clone", "-c")]
    [InlineData("clone", "--upload-pack=touch")]
    [InlineData("clone", "--config=core.sshCommand=touch")]
    [InlineData("clone", "--template=/tmp/evil")]
    [InlineData("clone", "--separate-git-dir=/tmp/x")]
    [InlineData("clone", "--reference=/tmp/x")]
    [InlineData("config", "--global")]
    [InlineData("config", "--system")]
    [InlineData("config", "-f")]
    [InlineData("config", "--edit")]
    [InlineData("config", "-e")]
    [InlineData("config", "--blob=x")]
    [InlineData("commit", "-F")]
    [InlineData("commit", "--file=/etc/passwd")]
    [InlineData("commit", "-t")]
    [InlineData("diff", "-O")]
    [InlineData("log", "-Oorder")]
    [InlineData("rev-parse", "--git-dir=/tmp")]
    public void Flag_DangerousForThatSubcommand_IsRefused(string subcommand, string flag)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create(subcommand).Flag(flag));
    }

    [Theory]
    [InlineData("--upload-pack", "touch /tmp/x")]
    [InlineData("--exec", "touch /tmp/x")]
    [InlineData("--output", "/tmp/x")]
    [InlineData("--git-dir", "/tmp")]
    [InlineData("--template", "/tmp/evil")]
    [InlineData("--message=x", "y")]
    [InlineData("-m", "x")]
    [InlineData("message", "x")]
    [InlineData("--message", "a\0b")]
    public void Option_DangerousNameOrValue_IsRefused(string name, string value)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("commit").Option(name, value));
    }

    [Theory]
    [InlineData("core.sshCommand", "touch /tmp/x")]
    [InlineData("alias.st", "!sh")]
    [InlineData("core.hooksPath", "/tmp/evil-hooks")]
    [InlineData("core.hooksPath", "")]
    [InlineData("core.fsmonitor", "touch /tmp/x")]
    [InlineData("include.path", "/tmp/x")]
    [InlineData("CORE.HOOKSPATH", "/dev/null")]
    [InlineData("protocol.ext.allow", "always")]
    [InlineData("protocol.file.allow", "yes please")]
    [InlineData("core.pager", "sh")]
    [InlineData("diff.external", "x")]
    [InlineData("user.name", "a\nb")]
    [InlineData("user.name=x -c core.pager", "sh")]
    [InlineData("init.defaultBranch", "--evil")]
    [InlineData("checkout.workers", "1; touch x")]
    public void Config_KeyNotAllowed_OrValueNotAllowed_IsRefused(string key, string value)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("status").Config(key, value));
    }

    [Theory]
    [InlineData("core.hooksPath")]
    [InlineData("CORE.hookspath")]
    [InlineData("core.fsmonitor")]
    [InlineData("core.sshCommand")]
    [InlineData("alias.x")]
    [InlineData("include.path")]
    [InlineData("includeIf.gitdir:/x/.path")]
    [InlineData("url.https://evil/.insteadOf")]
    [InlineData("remote.origin.uploadpack")]
    [InlineData("filter.lfs.clean")]
    [InlineData("diff.tool.textconv")]
    [InlineData("credential.helper")]
    [InlineData("safe.directory")]
    public void ConfigSubcommand_DangerousKeyArgument_IsRefused(string key)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("config").Arg(key));
    }

    [Theory]
    [InlineData("daemon")]
    [InlineData("upload-pack")]
    [InlineData("receive-pack")]
    [InlineData("difftool")]
    [InlineData("mergetool")]
    [InlineData("!sh")]
    [InlineData("-c")]
    [InlineData("--exec-path=/tmp")]
    [InlineData("-C")]
    [InlineData("archive")]
    [InlineData("submodule")]
    [InlineData("filter-branch")]
    [InlineData("credential")]
    [InlineData("web--browse")]
    [InlineData("Status")]
    [InlineData("status ")]
    [InlineData("status\n")]
    [InlineData("")]
    public void Create_SubcommandNotAllowed_IsRefused(string subcommand)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create(subcommand));
    }

    [Fact]
    public void CredentialFill_IsTheOnlyCredentialCommand()
    {
        var fill = GitCommand.CredentialFill().ToArguments();

        Assert.Equal(["credential", "fill"], fill.SkipWhile(a => a != "credential"));
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("credential"));
    }

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("a/../../x")]
    [InlineData("..")]
    [InlineData("a\\..\\..\\x")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("")]
    public void Paths_Unconfined_AreRefused(string path)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("add").Paths("ok.txt", path));
    }

    [Fact]
    public void LegitimateCommands_BuildTheExpectedArgumentLists()
    {
        Assert.Equal(
            ["-c", "core.hooksPath=/dev/null", "commit", "--no-edit", "--message=--amend"],
            GitCommand.Create("commit").Config("core.hooksPath", "/dev/null").Flag("--no-edit").Option("--message", "--amend").ToArguments());
        Assert.Equal(
            ["worktree", "add", "-b", "feature/login", "/tmp/wt", "HEAD@{-1}"],
            GitCommand.Create("worktree").Arg("add").Flag("-b").RefArg("feature/login").Arg("/tmp/wt").Arg("HEAD@{-1}").ToArguments());
        Assert.Equal(["rev-parse", "--git-dir"], GitCommand.Create("rev-parse").Flag("--git-dir").ToArguments());
        Assert.Equal(["branch", "-D", "old"], GitCommand.Create("branch").Flag("-D").RefArg("old").ToArguments());
        Assert.Equal(["push", "-u", "origin", "main"], GitCommand.Create("push").Flag("-u").Arg("origin").RefArg("main").ToArguments());
        Assert.Equal(["status", "--porcelain=v2", "-z", "-uall"], GitCommand.Create("status").Flag("--porcelain=v2").Flag("-z").Flag("-uall").ToArguments());
        Assert.Equal(["diff", "--no-ext-diff", "-U3"], GitCommand.Create("diff").Flag("--no-ext-diff").Flag("-U3").ToArguments());
        Assert.Equal(["config", "user.email"], GitCommand.Create("config").Arg("user.email").ToArguments());
        Assert.Equal(
            ["--literal-pathspecs", "rm", "--cached", "--", "--force", "-rf"],
            GitCommand.Create("rm").Flag("--cached").Paths("--force", "-rf").ToArguments());
    }

    [Theory]
    [InlineData("https://example.com/repo.git")]
    [InlineData("git@github.com:owner/repo.git")]
    [InlineData("ssh://host/repo.git")]
    [InlineData("/abs/origin.git")]
    [InlineData("~/origin.git")]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("../a=b.git")]
    public void RelativeRemote_RewritesOnlyARelativeLocalPath(string url)
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("push").RelativeRemote(url, "/abs/origin.git"));
    }

    [Fact]
    public void RelativeRemote_PointsTheRelativePathAtAnAbsoluteOne_ForThisInvocationOnly()
    {
        Assert.Throws<SecurityViolationException>(() => GitCommand.Create("push").RelativeRemote("../origin.git", "relative/again.git"));
        Assert.True(GitCommand.IsRelativeLocalUrl("../origin.git"));
        Assert.True(GitCommand.IsRelativeLocalUrl("sub/dir:with-colon.git"));
        Assert.Equal(
            ["-c", "url./abs/origin.git.insteadOf=../origin.git", "push", "origin"],
            GitCommand.Create("push").Arg("origin").RelativeRemote("../origin.git", "/abs/origin.git").ToArguments());
    }
}
