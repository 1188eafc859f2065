using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Codex;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

internal sealed class AgentSetup(IClaudeInstaller installer, ICodexInstaller codexInstaller, ICodexLocator codexLocator, IEnumerable<IAgentProgramProbe> probes, IOllamaProbe ollama, ISettingsStore settings) : IAgentSetup
{
    public string ClaudeInstallCommand => installer.BuildInstallCommand().ToString();

    public Task<string> InstallClaudeAsync(CancellationToken cancellationToken = default) => installer.InstallAsync(cancellationToken);

    public async Task<AgentProgram> LocateClaudeAsync(CancellationToken cancellationToken = default)
    {
        // The program runs would use (GROVE_CLAUDE_PATH, claude.path, else the search), through the one probe.
        var status = await probes.First(p => p.Kind == ClaudeCodeKind.Kind).ProbeAsync(cancellationToken);
        return status is { Usable: true, Path: { } path }
            ? new AgentProgram(path, status.Version ?? "", status.Source ?? "")
            : throw new AgentException(
                // No version: missing or not runnable (a configured path is kept even then); a version: too old.
                status.Version is null ? AgentErrorKind.ExecutableMissing : AgentErrorKind.UnsupportedVersion,
                status.Version is null ? ErrorKind.NotFound : ErrorKind.Conflict,
                // The probe's problem is worded to sit beside the name (settings, menus); a command's error needs it.
                $"{status.DisplayName}: {status.Problem ?? "not usable."}");
    }

    public string CodexInstallCommand => codexInstaller.BuildInstallCommand().ToString();

    public Task<string> InstallCodexAsync(CancellationToken cancellationToken = default) => codexInstaller.InstallAsync(cancellationToken);

    public async Task<AgentProgram> LocateCodexAsync(CancellationToken cancellationToken = default)
    {
        var found = await codexLocator.LocateAsync(cancellationToken);
        return new AgentProgram(found.ExecutablePath, found.Version.ToString(), found.Source);
    }

    public async Task<string?> DescribeCodexAuthAsync(CancellationToken cancellationToken = default) =>
        probes.FirstOrDefault(p => p.Kind == "codex") is { } probe ? (await probe.ProbeAsync(cancellationToken)).Auth : null;

    public async Task<OllamaModels> ListOllamaModelsAsync(string? baseUrl = null, CancellationToken cancellationToken = default)
    {
        var url = baseUrl ?? await settings.GetAsync(SettingKeys.OllamaUrl, cancellationToken) ?? OllamaSettings.DefaultBaseUrl;
        return new OllamaModels(url, await ollama.ListModelsAsync(url, cancellationToken));
    }
}
