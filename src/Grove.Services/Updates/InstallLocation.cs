using System.Runtime.InteropServices;
using Grove.Core.Updates;

namespace Grove.Services.Updates;

/// <summary>
/// Where and how the running Grove was installed: a single-file build (marked at publish), a .NET tool (its files sit under <c>&lt;tool path&gt;/.store/grove/</c>) or a source
/// build; and the platform name used in the update manifest (<c>linux-x64</c>, <c>osx-arm64</c>, …).
/// </summary>
public sealed record InstallLocation(InstallKind Kind, string Directory, string? ExecutablePath, string Platform, string? ToolPath = null, bool GlobalTool = false)
{
    /// <summary>True in a single-file build: its runtime config carries <c>Grove.SingleFile</c> (set at publish, see Grove.Cli.csproj).</summary>
    public static bool IsSingleFile => AppContext.GetData("Grove.SingleFile") is "true";

    /// <summary>The running process's install.</summary>
    public static InstallLocation Detect() => Detect(
        Environment.ProcessPath,
        AppContext.BaseDirectory,
        IsSingleFile,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Decides the kind from the process path and layout (tests pass their own).</summary>
    public static InstallLocation Detect(string? processPath, string baseDirectory, bool singleFile, string? home)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var directory = Path.TrimEndingDirectorySeparator(baseDirectory);
        if (singleFile && processPath is not null)
        {
            return new InstallLocation(InstallKind.SingleFile, directory, processPath, CurrentPlatform());
        }

        var store = $"{Path.DirectorySeparatorChar}.store{Path.DirectorySeparatorChar}grove{Path.DirectorySeparatorChar}";
        var at = (directory + Path.DirectorySeparatorChar).IndexOf(store, StringComparison.OrdinalIgnoreCase);
        if (at > 0)
        {
            var toolPath = directory[..at];
            var global = home is { Length: > 0 } &&
                string.Equals(Path.GetFullPath(toolPath), Path.GetFullPath(Path.Combine(home, ".dotnet", "tools")), StringComparison.Ordinal);
            return new InstallLocation(InstallKind.Tool, directory, processPath, CurrentPlatform(), toolPath, global);
        }

        return new InstallLocation(InstallKind.Source, directory, processPath, CurrentPlatform());
    }

    /// <summary>The manifest's name for this OS and processor: <c>linux-x64</c>, <c>linux-arm64</c>, <c>osx-arm64</c>, <c>osx-x64</c>, <c>win-x64</c>.</summary>
    public static string CurrentPlatform()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            _ => "x64",
        };
        return $"{os}-{arch}";
    }
}
