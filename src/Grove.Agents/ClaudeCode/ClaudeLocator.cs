using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Agents.ClaudeCode;

/// <summary>Looks for <c>claude</c> in the documented places, in order, and returns the first supported one.</summary>
internal sealed partial class ClaudeLocator(ClaudeCodeOptions options, AgentHostEnvironment host, ILogger<ClaudeLocator>? logger = null) : IClaudeLocator
{
    private readonly ILogger _logger = logger ?? NullLogger<ClaudeLocator>.Instance;
    private (ClaudeInstallation Installation, DateTime WrittenUtc)? _found;

    public async Task<ClaudeInstallation> LocateAsync(CancellationToken cancellationToken)
    {
        // The last find stays valid while its file is unchanged (an upgrade rewrites it).
        if (_found is { } found && File.Exists(found.Installation.ExecutablePath)
            && File.GetLastWriteTimeUtc(found.Installation.ExecutablePath) == found.WrittenUtc)
        {
            return found.Installation;
        }

        (string Path, Version Version)? tooOld = null;
        await foreach (var (path, source) in CandidatesAsync(cancellationToken))
        {
            var version = await GetVersionAsync(path, cancellationToken);
            LogCandidate(_logger, path, source, version?.ToString() ?? "none");
            if (version is null)
            {
                continue;
            }

            if (version < ClaudeVersion.Minimum)
            {
                tooOld ??= (path, version);
                continue;
            }

            var installation = new ClaudeInstallation(path, version, source);
            _found = (installation, File.GetLastWriteTimeUtc(path));
            return installation;
        }

        if (tooOld is { } old)
        {
            throw AgentException.TooOld("Claude Code", old.Version, old.Path, ClaudeVersion.MinimumSupported, ClaudeVersion.InstallHint);
        }

        var (message, reason) = string.IsNullOrWhiteSpace(options.ExecutablePath)
            ? ("Claude Code (claude) was not found on PATH, in npm's global folder, ~/.claude/local, nvm or Grove's tools folder",
                "Not installed (looked on PATH, in npm's global folder, ~/.claude/local, nvm and Grove's tools folder)")
            : ($"The configured Claude Code program '{options.ExecutablePath}' does not exist or does not run",
                $"The configured program '{options.ExecutablePath}' does not exist or does not run");
        throw AgentException.Missing(message, reason, ClaudeVersion.InstallHint);
    }

    public async Task<Version?> GetVersionAsync(string executablePath, CancellationToken cancellationToken)
    {
        var environment = AgentEnvironment.Build(host.Variables, AgentEnvironment.NonessentialTrafficSwitches);
        var result = await ShortProcess.RunAsync(executablePath, ["--version"], options.VersionTimeout, environment, cancellationToken: cancellationToken);
        return result is { TimedOut: false, ExitCode: 0 } ? ClaudeVersion.Parse(result.StandardOutput) : null;
    }

    /// <summary>Existing files in search order (the configured path alone when one is set), each once.</summary>
    internal async IAsyncEnumerable<(string Path, string Source)> CandidatesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.ExecutablePath))
        {
            if (File.Exists(options.ExecutablePath))
            {
                yield return (Path.GetFullPath(options.ExecutablePath), "configured");
            }

            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in ExecutableNames.SelectMany(name => SearchPath(name)))
        {
            if (seen.Add(path))
            {
                yield return (path, "PATH");
            }
        }

        if (await NpmGlobalBinAsync(cancellationToken) is { } npmBin)
        {
            foreach (var path in InFolder(npmBin).Where(seen.Add))
            {
                yield return (path, "npm global");
            }
        }

        foreach (var (folder, source) in FixedFolders())
        {
            foreach (var path in InFolder(folder).Where(seen.Add))
            {
                yield return (path, source);
            }
        }
    }

    private IEnumerable<(string Folder, string Source)> FixedFolders()
    {
        yield return (Path.Combine(host.HomeDirectory, ".claude", "local"), "~/.claude/local");
        foreach (var folder in ExecutableSearch.NvmBinFolders(host))
        {
            yield return (folder, "nvm");
        }

        if (options.OwnInstallDirectory is { } own)
        {
            yield return (Path.Combine(own, "node_modules", ".bin"), "grove tools");
        }
    }

    private Task<string?> NpmGlobalBinAsync(CancellationToken cancellationToken) =>
        ExecutableSearch.NpmGlobalBinAsync(host, options.NpmTimeout, cancellationToken);

    private IEnumerable<string> SearchPath(string name) => ExecutableSearch.OnPath(host, name);

    private static IEnumerable<string> InFolder(string folder) =>
        ExecutableNames.Select(name => Path.Combine(folder, name)).Where(File.Exists);

    private static string[] ExecutableNames => OperatingSystem.IsWindows() ? ["claude.exe", "claude.cmd"] : ["claude"];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claude Code candidate {Path} ({Source}): version {Version}")]
    private static partial void LogCandidate(ILogger logger, string path, string source, string version);
}
