using System.Diagnostics;

namespace Grove.Bench;

/// <summary>
/// The builds of <c>grove</c> the benchmarks run: a <c>dotnet publish</c> variant (the startup bench), or
/// the packed .NET tool installed into a temp tool path, which is what a user who runs
/// <c>dotnet tool install -g grove</c> gets (the server benchmarks). Slow: each is a publish.
/// </summary>
internal static class GroveBuilds
{
    public static string Project => Path.Combine(RepositoryRoot(), "src", "Grove.Cli", "Grove.Cli.csproj");

    /// <summary>
    /// Packs the tool as the release does and installs it into <paramref name="root"/>/tools from that
    /// feed alone; returns the installed <c>grove</c> command.
    /// </summary>
    public static async Task<string> InstallToolAsync(string root)
    {
        var feed = Path.Combine(root, "feed");
        var (exit, text) = await RunAsync("dotnet", ["pack", Project, "-c", "Release", "-o", feed, "-nologo", "-v", "q"], new Dictionary<string, string>(), root);
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet pack exited {exit}:\n{text}");
        }

        var config = Path.Combine(root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="grove" value="{feed}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(root, "tools");
        (exit, text) = await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "grove", "--prerelease", "--configfile", config], new Dictionary<string, string>(), root);
        if (exit != 0)
        {
            throw new InvalidOperationException($"dotnet tool install exited {exit}:\n{text}");
        }

        return Path.Combine(tools, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grove.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Grove.slnx not found above the bench.");
    }
}
