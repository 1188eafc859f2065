namespace Grove.Testing;

/// <summary>A stand-in <c>claude</c> that only answers <c>--version</c> (for locating and settings tests).</summary>
public static class FakeClaudeProgram
{
    /// <summary>Writes an executable script into <paramref name="folder"/> that prints <paramref name="versionLine"/>.</summary>
    public static string Write(string folder, string versionLine)
    {
        if (OperatingSystem.IsWindows())
        {
            var cmd = Path.Combine(folder, "claude.cmd");
            File.WriteAllText(cmd, $"@echo {versionLine}\r\n");
            return cmd;
        }

        var path = Path.Combine(folder, "claude");
        File.WriteAllText(path, $"#!/bin/sh\necho '{versionLine}'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
