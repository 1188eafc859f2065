using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

public sealed class ConfinementRootsTests
{
    [Fact]
    public void ResolveAbsolute_PicksTheMostSpecificRoot()
    {
        using var s = new SecuritySandbox();
        var worktree = s.InRoot(".grove/worktrees/ws1");
        Directory.CreateDirectory(worktree);
        s.Roots.Register("ws_1", worktree);

        var inWorktree = s.Roots.ResolveAbsolute(Path.Combine(worktree, "src/a.cs"));
        var inProject = s.Roots.ResolveAbsolute(s.InRoot("inside.txt"));

        Assert.Equal("ws_1", inWorktree.Root.Id);
        Assert.Equal("src/a.cs", inWorktree.RelativePath);
        Assert.Equal(Path.Combine(worktree, "src", "a.cs"), inWorktree.FullPath);
        Assert.Equal(SecuritySandbox.RootId, inProject.Root.Id);
        Assert.Equal("inside.txt", inProject.RelativePath);
    }

    [Theory]
    [InlineData("outside/secret.txt")]
    [InlineData("root/../outside/secret.txt")]
    [InlineData("root/escape/secret.txt")]
    [InlineData("root-sibling/x")]
    [InlineData("root/a\0b")]
    [InlineData("root/a\nb")]
    public void ResolveAbsolute_OutsideEveryRoot_IsRefused(string underParent)
    {
        using var s = new SecuritySandbox();
        s.Link("escape", s.Outside);
        Directory.CreateDirectory(Path.Combine(s.Parent, "root-sibling"));

        Assert.Throws<SecurityViolationException>(() => s.Roots.ResolveAbsolute(Path.Combine(s.Parent, underParent)));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("relative/path")]
    [InlineData("~/x")]
    public void ResolveAbsolute_OfNonWorkspacePaths_IsRefused(string path)
    {
        using var s = new SecuritySandbox();
        Assert.Throws<SecurityViolationException>(() => s.Roots.ResolveAbsolute(path));
    }

    [Fact]
    public void Unregister_RemovesAccess()
    {
        using var s = new SecuritySandbox();
        Assert.Equal(s.InRoot("inside.txt"), s.Roots.Resolve(SecuritySandbox.RootId, "inside.txt"));

        Assert.True(s.Roots.Unregister(SecuritySandbox.RootId));
        Assert.False(s.Roots.Unregister(SecuritySandbox.RootId));

        Assert.Throws<SecurityViolationException>(() => s.Roots.Resolve(SecuritySandbox.RootId, "inside.txt"));
        Assert.Throws<SecurityViolationException>(() => s.Roots.ResolveAbsolute(s.InRoot("inside.txt")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/does/not/exist")]
    public void Register_OfTheFilesystemRootOrAMissingFolder_IsRefused(string path)
    {
        var roots = new ConfinementRoots();
        Assert.Throws<SecurityViolationException>(() => roots.Register("ws_x", path));
        Assert.Empty(roots.Roots);
    }

    [Fact]
    public void Find_ByIdRegisteredPathOrRealPath()
    {
        using var s = new SecuritySandbox();
        var alias = Path.Combine(s.Parent, "alias");
        File.CreateSymbolicLink(alias, s.Root);
        s.Roots.Register("ws_alias", alias);

        Assert.Equal("ws_alias", s.Roots.Find(alias)?.Id);
        Assert.Equal(s.Root, s.Roots.Find("ws_alias")?.RealPath);
        Assert.Null(s.Roots.Find("/elsewhere"));
        Assert.Equal("inside.txt", s.Roots.ResolveAbsolute(Path.Combine(alias, "inside.txt")).RelativePath);
    }

    [Fact]
    public async Task RegisterAndUnregister_FromManyThreads_KeepsTheRegistryConsistent()
    {
        using var s = new SecuritySandbox();
        var ct = TestContext.Current.CancellationToken;
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 50; n++)
            {
                s.Roots.Register($"ws_{i}", s.Root);
                Assert.NotNull(s.Roots.Find($"ws_{i}"));
                _ = s.Roots.ResolveAbsolute(s.InRoot("inside.txt"));
                Assert.True(s.Roots.Unregister($"ws_{i}"));
            }
        }, ct));

        await Task.WhenAll(tasks);

        Assert.Equal([SecuritySandbox.RootId], s.Roots.Roots.Select(r => r.Id));
    }
}
