using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

/// <summary>Looks for <c>codex</c> in the documented places, in order, and returns the first supported one.</summary>
internal sealed class CodexLocator(CodexOptions options, AgentHostEnvironment host, ICodexSettings? settings = null) : ICodexLocator
{
    private static readonly string[] ExecutableNames = OperatingSystem.IsWindows() ? ["codex.cmd", "codex.exe"] : ["codex"];

    public async Task<CodexInstallation> LocateAsync(CancellationToken cancellationToken)
    {
        (string Path, Version Version)? tooOld = null;
        var configured = await ConfiguredPathAsync(cancellationToken);
        await foreach (var (path, source) in CandidatesAsync(configured, cancellationToken))
        {
            var version = await GetVersionAsync(path, cancellationToken);
            if (version is null)
            {
                continue;
            }

            if (version < CodexVersion.Minimum)
            {
                tooOld ??= (path, version);
                continue;
            }

            return new CodexInstallation(path, version, source);
        }

        if (tooOld is { } old)
        {
            throw AgentException.TooOld("Codex", old.Version, old.Path, CodexVersion.MinimumSupported, CodexVersion.InstallHint);
        }

        var (message, reason) = string.IsNullOrWhiteSpace(configured)
            ? ("Codex (codex) was not found via GROVE_CODEX_PATH, on PATH, in npm's global folder, nvm or Grove's tools folder",
                "Not installed (looked in GROVE_CODEX_PATH, PATH, npm's global folder, nvm and Grove's tools folder)")
            : ($"The configured Codex program '{configured}' does not exist or does not run",
                $"The configured program '{configured}' does not exist or does not run");
        throw AgentException.Missing(message, reason, CodexVersion.InstallHint);
    }

    public async Task<Version?> GetVersionAsync(string executablePath, CancellationToken cancellationToken)
    {
        var result = await ShortProcess.RunAsync(executablePath, ["--version"], options.VersionTimeout, AgentEnvironment.Build(host.Variables), cancellationToken: cancellationToken);
        return result is { TimedOut: false, ExitCode: 0 } ? CodexVersion.Parse(result.StandardOutput) : null;
    }

    /// <summary>Existing files in search order (the configured path alone when one is set), each once.</summary>
    internal async IAsyncEnumerable<(string Path, string Source)> CandidatesAsync(string? configured, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (File.Exists(configured))
            {
                yield return (Path.GetFullPath(configured), "configured");
            }

            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (host.Get(CodexOptions.PathVariable) is { } fromVariable && File.Exists(fromVariable) && seen.Add(Path.GetFullPath(fromVariable)))
        {
            yield return (Path.GetFullPath(fromVariable), CodexOptions.PathVariable);
        }

        foreach (var path in ExecutableNames.SelectMany(name => ExecutableSearch.OnPath(host, name)).Where(seen.Add))
        {
            yield return (path, "PATH");
        }

        if (await ExecutableSearch.NpmGlobalBinAsync(host, options.NpmTimeout, cancellationToken) is { } npmBin)
        {
            foreach (var path in InFolder(npmBin).Where(seen.Add))
            {
                yield return (path, "npm global");
            }
        }

        foreach (var folder in ExecutableSearch.NvmBinFolders(host))
        {
            foreach (var path in InFolder(folder).Where(seen.Add))
            {
                yield return (path, "nvm");
            }
        }

        if (options.OwnInstallDirectory is { } own)
        {
            foreach (var path in InFolder(Path.Combine(own, "node_modules", ".bin")).Where(seen.Add))
            {
                yield return (path, "grove tools");
            }
        }
    }

    /// <summary>The options' path (set at start-up), else the setting read now.</summary>
    private async Task<string?> ConfiguredPathAsync(CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(options.ExecutablePath) ? options.ExecutablePath
        : settings is null ? null
        : await settings.GetConfiguredPathAsync(cancellationToken);

    private static IEnumerable<string> InFolder(string folder) =>
        ExecutableNames.Select(name => Path.Combine(folder, name)).Where(File.Exists);
}
