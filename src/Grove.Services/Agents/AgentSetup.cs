using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

internal sealed class AgentSetup(IClaudeInstaller installer, IEnumerable<IAgentProgramProbe> probes, IOllamaProbe ollama, ISettingsStore settings) : IAgentSetup
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
                status.Path is null ? AgentErrorKind.ExecutableMissing : AgentErrorKind.UnsupportedVersion,
                status.Path is null ? ErrorKind.NotFound : ErrorKind.Conflict,
                status.Problem ?? "Claude Code is not usable.");
    }

    public async Task<OllamaModels> ListOllamaModelsAsync(string? baseUrl = null, CancellationToken cancellationToken = default)
    {
        var url = baseUrl ?? await settings.GetAsync(SettingKeys.OllamaUrl, cancellationToken) ?? OllamaSettings.DefaultBaseUrl;
        return new OllamaModels(url, await ollama.ListModelsAsync(url, cancellationToken));
    }
}
