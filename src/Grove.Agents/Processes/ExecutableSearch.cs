namespace Grove.Agents.Processes;

/// <summary>Finds programs on the PATH of the injected host environment (not the current process's).</summary>
public static class ExecutableSearch
{
    private static readonly string[] NpmNames = OperatingSystem.IsWindows() ? ["npm.cmd", "npm.exe"] : ["npm"];

    /// <summary>Every existing <paramref name="name"/> in the host's PATH folders, in order.</summary>
    public static IEnumerable<string> OnPath(AgentHostEnvironment host, string name)
    {
        var pathVariable = host.Get("PATH") ?? host.Get("Path") ?? string.Empty;
        return pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Path.IsPathRooted)
            .Select(folder => Path.Combine(folder, name))
            .Where(File.Exists);
    }

    /// <summary>The first npm on the host's PATH, or null.</summary>
    public static string? Npm(AgentHostEnvironment host) =>
        NpmNames.SelectMany(name => OnPath(host, name)).FirstOrDefault();
}
