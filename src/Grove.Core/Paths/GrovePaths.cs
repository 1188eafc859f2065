namespace Grove.Core.Paths;

/// <summary>
/// Where Grove keeps its data. <c>GROVE_HOME</c> wins; otherwise the OS convention:
/// <c>$XDG_DATA_HOME/grove</c> or <c>~/.local/share/grove</c> on Linux,
/// <c>~/Library/Application Support/Grove</c> on macOS, <c>%APPDATA%\Grove</c> on Windows.
/// </summary>
public sealed class GrovePaths
{
    public GrovePaths(string dataRoot, string? worktreesRoot = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataRoot);
        DataRoot = Path.GetFullPath(dataRoot);
        WorktreesRoot = string.IsNullOrWhiteSpace(worktreesRoot)
            ? Path.Combine(DataRoot, "worktrees")
            : Path.GetFullPath(worktreesRoot);
    }

    public string DataRoot { get; }

    /// <summary>Default root for new worktrees: <c>&lt;root&gt;/&lt;project&gt;/&lt;workspace&gt;</c>.</summary>
    public string WorktreesRoot { get; }

    public string DatabasePath => Path.Combine(DataRoot, "grove.db");

    public string BackupsDirectory => Path.Combine(DataRoot, "backups");

    public string LogsDirectory => Path.Combine(DataRoot, "logs");

    public string ToolsDirectory => Path.Combine(DataRoot, "tools");

    public string KeysDirectory => Path.Combine(DataRoot, "keys");

    /// <summary>Resolves the data folder from an environment lookup (injected so tests never touch HOME).</summary>
    public static GrovePaths FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var home = getEnvironmentVariable("GROVE_HOME");
        var worktrees = getEnvironmentVariable("GROVE_WORKTREES");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return new GrovePaths(home, worktrees);
        }

        return new GrovePaths(DefaultDataRoot(getEnvironmentVariable), worktrees);
    }

    public static GrovePaths FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    private static string DefaultDataRoot(Func<string, string?> env)
    {
        if (OperatingSystem.IsWindows())
        {
            var appData = env("APPDATA");
            return Path.Combine(
                string.IsNullOrWhiteSpace(appData) ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData) : appData,
                "Grove");
        }

        var home = env("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Application Support", "Grove");
        }

        var xdg = env("XDG_DATA_HOME");
        return string.IsNullOrWhiteSpace(xdg) || !Path.IsPathRooted(xdg)
            ? Path.Combine(home, ".local", "share", "grove")
            : Path.Combine(xdg, "grove");
    }

    /// <summary>Creates the data folder (mode 0700 on Unix) and its children if missing.</summary>
    public void EnsureCreated()
    {
        CreatePrivateDirectory(DataRoot);
        CreatePrivateDirectory(BackupsDirectory);
        CreatePrivateDirectory(LogsDirectory);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
