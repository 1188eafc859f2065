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

    /// <summary>npm's global bin folder (<c>npm prefix -g</c>, plus <c>bin</c> off Windows), or null without npm.</summary>
    public static async Task<string?> NpmGlobalBinAsync(AgentHostEnvironment host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var npm = Npm(host);
        if (npm is null)
        {
            return null;
        }

        var result = await ShortProcess.RunAsync(npm, ["prefix", "-g"], timeout, environment: host.Variables, cancellationToken: cancellationToken);
        var prefix = result is { TimedOut: false, ExitCode: 0 } ? result.StandardOutput.Trim() : null;
        if (string.IsNullOrEmpty(prefix) || !Path.IsPathRooted(prefix))
        {
            return null;
        }

        return OperatingSystem.IsWindows() ? prefix : Path.Combine(prefix, "bin");
    }

    /// <summary>The <c>bin</c> folders of nvm's node versions under the host's home, newest first.</summary>
    public static IEnumerable<string> NvmBinFolders(AgentHostEnvironment host)
    {
        var nvm = Path.Combine(host.HomeDirectory, ".nvm", "versions", "node");
        if (!Directory.Exists(nvm))
        {
            return [];
        }

        return Directory.EnumerateDirectories(nvm)
            .Select(d => (Folder: d, Version: ClaudeCode.ClaudeVersion.Parse(Path.GetFileName(d))))
            .OrderByDescending(v => v.Version)
            .Select(v => Path.Combine(v.Folder, "bin"))
            .ToList();
    }
}
