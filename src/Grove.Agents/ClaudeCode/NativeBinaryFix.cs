using Grove.Agents.Processes;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// The npm package is a wrapper whose postinstall hard-links the platform's native binary over
/// <c>bin/claude.exe</c>. When npm skipped that script the file is a placeholder: link (or copy)
/// the binary from <c>@anthropic-ai/claude-code-&lt;platform&gt;/claude</c> and point
/// <c>node_modules/.bin/claude</c> at it.
/// </summary>
internal static class NativeBinaryFix
{
    /// <summary>Returns the path to run (<c>node_modules/.bin/claude</c> or the binary), or null when no native binary exists.</summary>
    public static async Task<string?> ApplyAsync(string installDirectory, CancellationToken cancellationToken)
    {
        var scope = Path.Combine(installDirectory, "node_modules", "@anthropic-ai");
        var wrapperBinary = Path.Combine(scope, "claude-code", "bin", "claude.exe");
        if (!IsNativeExecutable(wrapperBinary))
        {
            var native = FindPlatformBinary(scope);
            if (native is null)
            {
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(wrapperBinary)!);
            await LinkOrCopyAsync(native, wrapperBinary, cancellationToken);
        }

        MakeExecutable(wrapperBinary);
        if (OperatingSystem.IsWindows())
        {
            return wrapperBinary;
        }

        var binLink = Path.Combine(installDirectory, "node_modules", ".bin", "claude");
        if (!File.Exists(binLink))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(binLink)!);
            File.Delete(binLink);
            File.CreateSymbolicLink(binLink, Path.Combine("..", "@anthropic-ai", "claude-code", "bin", "claude.exe"));
        }

        return binLink;
    }

    /// <summary>True for an ELF, Mach-O or PE file (not a placeholder script or text).</summary>
    public static bool IsNativeExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }

        var elf = head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';
        var machO = (head[0] == 0xCF || head[0] == 0xCE) && head[1] == 0xFA && head[2] == 0xED && head[3] == 0xFE;
        var pe = head[0] == (byte)'M' && head[1] == (byte)'Z';
        return elf || machO || pe;
    }

    /// <summary>The native binary of the optional platform package (<c>claude-code-linux-x64</c>…), preferring this platform.</summary>
    internal static string? FindPlatformBinary(string scope)
    {
        if (!Directory.Exists(scope))
        {
            return null;
        }

        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";
        var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var preferred = $"claude-code-{os}-{arch}";
        var name = OperatingSystem.IsWindows() ? "claude.exe" : "claude";
        return Directory.EnumerateDirectories(scope, "claude-code-*")
            .OrderByDescending(d => Path.GetFileName(d) == preferred)
            .ThenBy(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(IsNativeExecutable);
    }

    private static async Task LinkOrCopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        File.Delete(target);
        if (!OperatingSystem.IsWindows())
        {
            var linked = await ShortProcess.RunAsync("ln", ["-f", "--", source, target], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
            if (linked is { ExitCode: 0 } && File.Exists(target))
            {
                return;
            }
        }

        File.Copy(source, target, overwrite: true);
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
