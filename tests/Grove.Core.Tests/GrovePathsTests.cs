using Grove.Core.Paths;
using Grove.Testing;

namespace Grove.Core.Tests;

public sealed class GrovePathsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return key => map.GetValueOrDefault(key);
    }

    [Fact]
    public void GroveHome_WinsOverEverything()
    {
        var paths = GrovePaths.FromEnvironment(Env(("GROVE_HOME", "/srv/grove"), ("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u")));

        Assert.Equal("/srv/grove", paths.DataRoot);
        Assert.Equal("/srv/grove/grove.db", paths.DatabasePath);
        Assert.Equal("/srv/grove/worktrees", paths.WorktreesRoot);
    }

    [Fact]
    public void OnLinux_XdgDataHomeIsUsed_ElseTheLocalShareFolder()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Linux conventions");

        Assert.Equal("/xdg/grove", GrovePaths.FromEnvironment(Env(("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u"))).DataRoot);
        Assert.Equal("/home/u/.local/share/grove", GrovePaths.FromEnvironment(Env(("HOME", "/home/u"))).DataRoot);
        Assert.Equal("/home/u/.local/share/grove", GrovePaths.FromEnvironment(Env(("XDG_DATA_HOME", "relative"), ("HOME", "/home/u"))).DataRoot);
    }

    [Fact]
    public void GroveWorktrees_MovesTheWorktreeRoot()
    {
        var paths = GrovePaths.FromEnvironment(Env(("GROVE_HOME", "/srv/grove"), ("GROVE_WORKTREES", "/big/disk/trees")));

        Assert.Equal("/big/disk/trees", paths.WorktreesRoot);
        Assert.Equal("/srv/grove", paths.DataRoot);
    }

    [Fact]
    public void EnsureCreated_MakesPrivateFolders()
    {
        using var temp = new TempDirectory();
        var paths = new GrovePaths(temp.Combine("data"));

        paths.EnsureCreated();

        Assert.True(Directory.Exists(paths.BackupsDirectory));
        Assert.True(Directory.Exists(paths.LogsDirectory));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(paths.DataRoot));
        }
    }
}
