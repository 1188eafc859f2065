namespace Grove.Agents.Tests.TestServices;

/// <summary>Executable shell scripts standing in for <c>claude</c> and <c>npm</c> in locator tests.</summary>
internal static class Scripts
{
    public static string Write(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>A fake <c>claude</c> that prints <c>&lt;version&gt; (Claude Code)</c>.</summary>
    public static string Claude(string folder, string version = "2.1.328") =>
        Write(Path.Combine(folder, "claude"), $"echo '{version} (Claude Code)'");

    /// <summary>A stand-in <c>codex</c> that prints <c>codex-cli VERSION</c>.</summary>
    public static string Codex(string folder, string version = "0.171.0") =>
        Write(Path.Combine(folder, "codex"), $"echo 'codex-cli {version}'");
}
