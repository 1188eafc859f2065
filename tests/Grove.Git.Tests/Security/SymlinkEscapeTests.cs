using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

/// <summary>Links on real temp folders that try to lead out of the root (or into .git).</summary>
public sealed class SymlinkEscapeTests
{
    /// <summary>Sets up one escape and returns the path (relative to the root) that goes through it.</summary>
    private static string Arrange(SecuritySandbox s, string scenario)
    {
        switch (scenario)
        {
            case "dir-link-to-outside":
                s.Link("escape", s.Outside);
                return "escape/secret.txt";
            case "file-link-to-etc-passwd":
                s.Link("passwd", "/etc/passwd");
                return "passwd";
            case "file-link-to-outside-secret":
                s.Link("secret.txt", s.InOutside("secret.txt"));
                return "secret.txt";
            case "dangling-absolute-link-outside":
                s.Link("dangling.txt", s.InOutside("new.txt"));
                return "dangling.txt";
            case "dangling-link-into-missing-outside-folder":
                s.Link("deep.txt", s.InOutside("not/yet/there.txt"));
                return "deep.txt";
            case "parent-folder-link":
                Directory.CreateDirectory(s.InRoot("a"));
                s.Link("a/b", s.Outside);
                return "a/b/c/d.txt";
            case "parent-folder-link-existing-file":
                Directory.CreateDirectory(s.InRoot("a"));
                s.Link("a/b", s.Outside);
                return "a/b/secret.txt";
            case "chain-leaving-and-reentering":
                File.WriteAllText(s.InRoot("target.txt"), "inside target");
                File.CreateSymbolicLink(s.InOutside("hop2"), s.InRoot("target.txt"));
                s.Link("hop1", s.InOutside("hop2"));
                return "hop1";
            case "chain-inside-then-out":
                s.Link("first", "second");
                s.Link("second", "third");
                s.Link("third", s.Outside);
                return "first/secret.txt";
            case "link-cycle":
                s.Link("loop1", "loop2");
                s.Link("loop2", "loop1");
                return "loop1/x.txt";
            case "self-cycle":
                s.Link("me", "me");
                return "me";
            case "relative-link-up-two":
                s.Link("up", "../../");
                return "up/etc/passwd";
            case "relative-link-to-sibling":
                s.Link("rel", "../outside");
                return "rel/secret.txt";
            case "deep-relative-link-climbing":
                Directory.CreateDirectory(s.InRoot("a/b"));
                s.Link("a/b/l", "../../../outside/secret.txt");
                return "a/b/l";
            case "link-to-root-parent":
                s.Link("parent", "..");
                return "parent/outside/secret.txt";
            case "link-to-filesystem-root":
                s.Link("fsroot", "/");
                return "fsroot/etc/passwd";
            case "dangling-relative-through-missing":
                s.Link("d", "missing/../../outside/new.txt");
                return "d";
            case "absolute-link-with-dotdot":
                s.Link("sneaky", s.Root + "/../outside/secret.txt");
                return "sneaky";
            case "link-inside-to-link-outside":
                s.Link("outer", s.InOutside("secret.txt"));
                s.Link("inner", "outer");
                return "inner";
            case "link-into-dot-git-hooks":
                Directory.CreateDirectory(s.InRoot(".git/hooks"));
                s.Link("hooks", ".git/hooks");
                return "hooks/pre-commit";
            case "link-to-dot-git-config":
                Directory.CreateDirectory(s.InRoot(".git"));
                File.WriteAllText(s.InRoot(".git/config"), "[core]\n");
                s.Link("cfg", ".git/config");
                return "cfg";
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario));
        }
    }

    [Theory]
    [InlineData("dir-link-to-outside")]
    [InlineData("file-link-to-etc-passwd")]
    [InlineData("file-link-to-outside-secret")]
    [InlineData("dangling-absolute-link-outside")]
    [InlineData("dangling-link-into-missing-outside-folder")]
    [InlineData("parent-folder-link")]
    [InlineData("parent-folder-link-existing-file")]
    [InlineData("chain-leaving-and-reentering")]
    [InlineData("chain-inside-then-out")]
    [InlineData("link-cycle")]
    [InlineData("self-cycle")]
    [InlineData("relative-link-up-two")]
    [InlineData("relative-link-to-sibling")]
    [InlineData("deep-relative-link-climbing")]
    [InlineData("link-to-root-parent")]
    [InlineData("link-to-filesystem-root")]
    [InlineData("dangling-relative-through-missing")]
    [InlineData("absolute-link-with-dotdot")]
    [InlineData("link-inside-to-link-outside")]
    [InlineData("link-into-dot-git-hooks")]
    [InlineData("link-to-dot-git-config")]
    public async Task Escape_IsRefusedForReadWriteAndExists_AndNothingOutsideChanges(string scenario)
    {
        using var s = new SecuritySandbox();
        var path = Arrange(s, scenario);
        var before = s.OutsideSnapshot();
        var gitConfigBefore = File.Exists(s.InRoot(".git/config")) ? File.ReadAllText(s.InRoot(".git/config")) : null;
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.WriteAllTextAsync(SecuritySandbox.RootId, path, "#!/bin/sh\ntouch pwned\n", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ReadAllTextAsync(SecuritySandbox.RootId, path, ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ExistsAsync(SecuritySandbox.RootId, path, ct));

        Assert.Equal(before, s.OutsideSnapshot());
        Assert.False(File.Exists(s.InOutside("new.txt")));
        Assert.False(File.Exists(s.InRoot(".git/hooks/pre-commit")));
        Assert.Equal(gitConfigBefore, File.Exists(s.InRoot(".git/config")) ? File.ReadAllText(s.InRoot(".git/config")) : null);
    }

    [Theory]
    [InlineData("dir-link-to-outside")]
    [InlineData("file-link-to-outside-secret")]
    [InlineData("parent-folder-link-existing-file")]
    [InlineData("chain-leaving-and-reentering")]
    [InlineData("link-cycle")]
    [InlineData("relative-link-to-sibling")]
    [InlineData("deep-relative-link-climbing")]
    [InlineData("link-to-root-parent")]
    [InlineData("link-to-filesystem-root")]
    public void PathGuard_Resolve_RefusesEscape(string scenario)
    {
        using var s = new SecuritySandbox();
        var path = Arrange(s, scenario);
        Assert.Throws<SecurityViolationException>(() => PathGuard.Resolve(s.Root, path));
        Assert.False(PathGuard.IsInside(s.Root, Path.Combine(s.Root, path)));
    }

    [Theory]
    [InlineData("dir-link-to-outside", "escape/secret.txt")]
    [InlineData("parent-folder-link-existing-file", "a/b/secret.txt")]
    [InlineData("relative-link-to-sibling", "rel/secret.txt")]
    public async Task DeleteAndRename_ThroughParentLink_AreRefused_AndSecretSurvives(string scenario, string path)
    {
        using var s = new SecuritySandbox();
        Arrange(s, scenario);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.DeleteAsync(SecuritySandbox.RootId, path, ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, path, "stolen.txt", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, "inside.txt", path, ct));

        Assert.Equal(SecuritySandbox.Secret, File.ReadAllText(s.InOutside("secret.txt")));
        Assert.False(File.Exists(s.InRoot("stolen.txt")));
        Assert.Equal("inside\n", File.ReadAllText(s.InRoot("inside.txt")));
    }

    [Theory]
    [InlineData("dir-link-to-outside", "escape")]
    [InlineData("relative-link-to-sibling", "rel")]
    [InlineData("link-to-root-parent", "parent")]
    public async Task List_OfLinkedFolderOutside_IsRefused_AndListingReportsTheLinkWithoutFollowing(string scenario, string link)
    {
        using var s = new SecuritySandbox();
        Arrange(s, scenario);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ListAsync(SecuritySandbox.RootId, link, ct));

        var entries = await s.Files.ListAsync(SecuritySandbox.RootId, "", ct);
        var entry = Assert.Single(entries, e => e.Name == link);
        Assert.Equal(SecureEntryKind.Link, entry.Kind);
        Assert.False(entry.LinkTargetInside);
        Assert.DoesNotContain(entries, e => e.Name == "secret.txt");
    }

    [Fact]
    public async Task Delete_OfALinkPointingOutside_RemovesOnlyTheLink()
    {
        using var s = new SecuritySandbox();
        s.Link("escape", s.Outside);
        s.Link("secret-link", s.InOutside("secret.txt"));
        var ct = TestContext.Current.CancellationToken;

        await s.Files.DeleteAsync(SecuritySandbox.RootId, "escape", ct);
        await s.Files.DeleteAsync(SecuritySandbox.RootId, "secret-link", ct);

        Assert.False(Path.Exists(s.InRoot("escape")));
        Assert.False(Path.Exists(s.InRoot("secret-link")));
        Assert.Equal(SecuritySandbox.Secret, File.ReadAllText(s.InOutside("secret.txt")));
    }

    [Fact]
    public async Task Delete_OfAFolderHoldingLinksOutside_DoesNotFollowThem()
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InRoot("build/sub"));
        s.Link("build/out", s.Outside);
        s.Link("build/sub/secret", s.InOutside("secret.txt"));
        var ct = TestContext.Current.CancellationToken;

        await s.Files.DeleteAsync(SecuritySandbox.RootId, "build", ct);

        Assert.False(Directory.Exists(s.InRoot("build")));
        Assert.Equal(SecuritySandbox.Secret, File.ReadAllText(s.InOutside("secret.txt")));
    }

    [Fact]
    public async Task LinkInsideToInside_IsFollowed_ForReadAndWrite()
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InRoot("docs"));
        File.WriteAllText(s.InRoot("docs/real.md"), "real");
        s.Link("alias.md", "docs/real.md");
        s.Link("docs-link", "docs");
        s.Link("abs-inside", s.InRoot("docs"));
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("real", await s.Files.ReadAllTextAsync(SecuritySandbox.RootId, "alias.md", ct));
        Assert.Equal("real", await s.Files.ReadAllTextAsync(SecuritySandbox.RootId, "docs-link/real.md", ct));
        Assert.Equal("real", await s.Files.ReadAllTextAsync(SecuritySandbox.RootId, "abs-inside/real.md", ct));

        await s.Files.WriteAllTextAsync(SecuritySandbox.RootId, "alias.md", "changed", ct);

        Assert.Equal("changed", File.ReadAllText(s.InRoot("docs/real.md")));
        Assert.Equal("docs/real.md", new FileInfo(s.InRoot("alias.md")).LinkTarget);
        Assert.Equal(s.InRoot("docs/real.md"), PathGuard.Resolve(s.Root, "alias.md"));
    }

    [Fact]
    public void RealPath_ResolvesLinksInParentsFromTheFilesystemRoot()
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InOutside("deep/er"));
        s.Link("hop", s.InOutside("deep"));

        Assert.Equal(s.InOutside("deep/er/file.txt"), PathGuard.RealPath(s.InRoot("hop/er/file.txt")));
        Assert.Equal(s.InOutside("deep/er/missing/x"), PathGuard.RealPath(s.InRoot("hop/er/missing/x")));
    }

    [Fact]
    public void RealPath_WalksARelativeLinkTargetPhysically_AndRefusesCyclesAndClimbsOutOfMissingFolders()
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InOutside("deep/er"));
        s.Link("hop", s.InOutside("deep"));
        s.Link("back", "hop/er/..");
        s.Link("loop-a", "loop-b");
        s.Link("loop-b", "loop-a");
        s.Link("gone", "missing/../inside.txt");

        Assert.Equal(s.InOutside("deep"), PathGuard.RealPath(s.InRoot("back")));
        Assert.Throws<SecurityViolationException>(() => PathGuard.RealPath(s.InRoot("loop-a/x")));
        Assert.Throws<SecurityViolationException>(() => PathGuard.RealPath(s.InRoot("gone")));
    }

    [Fact]
    public void Root_GivenThroughALink_IsResolvedToItsRealPath()
    {
        using var s = new SecuritySandbox();
        var alias = Path.Combine(s.Parent, "root-alias");
        File.CreateSymbolicLink(alias, s.Root);

        Assert.Equal(s.InRoot("inside.txt"), PathGuard.Resolve(alias, "inside.txt"));
        Assert.Equal("inside.txt", PathGuard.ToGitPath(alias, "inside.txt"));
        Assert.Throws<SecurityViolationException>(() => PathGuard.Resolve(alias, "../outside/secret.txt"));
    }
}
