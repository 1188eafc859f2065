using Grove.Core.Errors;
using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Security;

/// <summary>git's own files are out of reach of the file API: no hooks, no config, no gitdir redirect.</summary>
public sealed class GitDirectoryProtectionTests
{
    [Theory]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".git/config")]
    [InlineData(".GIT/config")]
    [InlineData(".Git/hooks/post-checkout")]
    [InlineData(".git")]
    [InlineData(".git/")]
    [InlineData("./.git/HEAD")]
    [InlineData("sub/.git/x")]
    [InlineData("a/b/.git")]
    [InlineData("vendor/lib/.GiT/hooks/pre-push")]
    [InlineData("git~1/config")]
    [InlineData("GIT~1/hooks/pre-commit")]
    [InlineData(".git::$INDEX_ALLOCATION/config")]
    [InlineData(".git:stream")]
    [InlineData("\uFF0Egit/config")]
    [InlineData("%2egit/config")]
    [InlineData("%2Egit/hooks/pre-commit")]
    [InlineData(".g\u200Cit/config")]
    [InlineData(".git\u200D/config")]
    [InlineData(".git./config")]
    [InlineData(".git /config")]
    public async Task Write_IntoGitInternals_IsRefused_AndNoHookAppears(string path)
    {
        using var s = new SecuritySandbox(withGit: true);
        var configBefore = File.ReadAllText(s.InRoot(".git/config"));
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.WriteAllTextAsync(SecuritySandbox.RootId, path, "#!/bin/sh\ntouch /tmp/pwned\n", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.DeleteAsync(SecuritySandbox.RootId, path, ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, "inside.txt", path, ct));

        Assert.Equal(configBefore, File.ReadAllText(s.InRoot(".git/config")));
        Assert.DoesNotContain(Directory.EnumerateFiles(s.InRoot(".git/hooks"), "*", SearchOption.AllDirectories), f => !f.EndsWith(".sample", StringComparison.Ordinal));
        Assert.True(File.Exists(s.InRoot("inside.txt")));
        Assert.False(Directory.Exists(s.InRoot("sub/.git")));
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git/HEAD")]
    [InlineData(".GIT/config")]
    public async Task Read_OfGitInternals_IsRefused(string path)
    {
        using var s = new SecuritySandbox(withGit: true);
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ReadAllTextAsync(SecuritySandbox.RootId, path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Rename_OfGitFolderAway_IsRefused_AndRepositoryStillWorks()
    {
        using var s = new SecuritySandbox(withGit: true);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, ".git", "not-git", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.DeleteAsync(SecuritySandbox.RootId, ".git", ct));

        Assert.True(Directory.Exists(s.InRoot(".git")));
        Assert.Equal("main", TestGit.Run(s.Root, "symbolic-ref", "--short", "HEAD").Trim());
    }

    [Fact]
    public async Task Listing_HidesGitFolder_AndItCannotBeListed()
    {
        using var s = new SecuritySandbox(withGit: true);
        var ct = TestContext.Current.CancellationToken;

        var entries = await s.Files.ListAsync(SecuritySandbox.RootId, ".", ct);

        Assert.DoesNotContain(entries, e => e.Name == ".git");
        Assert.Contains(entries, e => e.Name == "inside.txt" && e.Kind == SecureEntryKind.File && e.Length == 7);
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ListAsync(SecuritySandbox.RootId, ".git/hooks", ct));
    }

    [Theory]
    [InlineData(".gitignore")]
    [InlineData(".gitattributes")]
    [InlineData(".gitmodules")]
    [InlineData("sub/.gitignore")]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData("project.git/readme.txt")]
    public async Task GitLookingOrdinaryFiles_CanBeWrittenAndRead(string path)
    {
        using var s = new SecuritySandbox(withGit: true);
        var ct = TestContext.Current.CancellationToken;

        await s.Files.WriteAllTextAsync(SecuritySandbox.RootId, path, "*.log\n", ct);

        Assert.Equal("*.log\n", await s.Files.ReadAllTextAsync(SecuritySandbox.RootId, path, ct));
        Assert.Equal("*.log\n", File.ReadAllText(s.InRoot(path)));
    }

    [Theory]
    [InlineData(".git", true)]
    [InlineData(".GIT", true)]
    [InlineData(".git.", true)]
    [InlineData(".git  ", true)]
    [InlineData("git~1", true)]
    [InlineData(".git:$DATA", true)]
    [InlineData("\uFF0Egit", true)]
    [InlineData(".gitignore", false)]
    [InlineData("git", false)]
    [InlineData(".github", false)]
    [InlineData("x.git", false)]
    public void IsGitDirectorySegment_KnowsTheAliases(string segment, bool expected)
    {
        Assert.Equal(expected, PathGuard.IsGitDirectorySegment(segment));
    }
}
