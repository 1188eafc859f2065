namespace Grove.Services.Agents;

/// <summary>A usable agent program: where it is, its version, and which place it was found in.</summary>
public sealed record AgentProgram(string Path, string Version, string Source);

/// <summary>What a local Ollama server offers: its address and models, or null models when it did not answer.</summary>
public sealed record OllamaModels(string BaseUrl, IReadOnlyList<string>? Models);

/// <summary>Installing and finding the tools Grove drives (<c>grove setup</c>).</summary>
public interface IAgentSetup
{
    /// <summary>The npm command line <see cref="InstallClaudeAsync"/> runs, for display.</summary>
    string ClaudeInstallCommand { get; }

    /// <summary>Installs the pinned Claude Code CLI into Grove's data folder and returns the path of <c>claude</c>.</summary>
    Task<string> InstallClaudeAsync(CancellationToken cancellationToken = default);

    /// <summary>The <c>claude</c> Grove would run; throws an agent error that says how to install one when none is usable.</summary>
    Task<AgentProgram> LocateClaudeAsync(CancellationToken cancellationToken = default);

    /// <summary>The npm command line <see cref="InstallCodexAsync"/> runs, for display.</summary>
    string CodexInstallCommand { get; }

    /// <summary>Installs the pinned Codex CLI (<c>@openai/codex</c>, ~420 MB) into Grove's data folder and returns the path of <c>codex</c>.</summary>
    Task<string> InstallCodexAsync(CancellationToken cancellationToken = default);

    /// <summary>The <c>codex</c> Grove would run; throws an agent error that says how to install one when none is usable.</summary>
    Task<AgentProgram> LocateCodexAsync(CancellationToken cancellationToken = default);

    /// <summary>How Codex will sign in: Grove's secret, the environment's key, or Codex's own login as <c>codex login status</c> reports it.</summary>
    Task<string?> DescribeCodexAuthAsync(CancellationToken cancellationToken = default);

    /// <summary>The models of the Ollama server at <paramref name="baseUrl"/>, else the <c>ollama.url</c> setting, else the default address.</summary>
    Task<OllamaModels> ListOllamaModelsAsync(string? baseUrl = null, CancellationToken cancellationToken = default);
}
