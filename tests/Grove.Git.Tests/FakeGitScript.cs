using Grove.Testing;

namespace Grove.Git.Tests;

/// <summary>A shell script that stands in for git, to drive process-lifetime paths (hangs, retries) on purpose.</summary>
internal static class FakeGitScript
{
    public static string Create(TempDirectory folder, string body)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "shell-script stand-in for git");
        var path = folder.Combine("fake-git.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
