using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Claude Code's program state for settings, <c>grove setup</c> and the new-tab menus: the program
/// the driver would run (the user's choice, else the locator's search), its version, and which
/// credentials Grove would pass (<see cref="ClaudeAuthResolver"/>, the same order a run uses).
/// </summary>
internal sealed class ClaudeProgramProbe(IClaudeLocator locator, IClaudeProgramChoice choice, IOllamaProbe ollama, AgentHostEnvironment host) : IAgentProgramProbe
{
    public string Kind => ClaudeCodeKind.Kind;

    public string DisplayName => ClaudeCodeKind.DisplayName;

    /// <summary>Claude Code's model aliases (<c>--model</c> takes them or a full name).</summary>
    public IReadOnlyList<string> Models { get; } = ["sonnet", "opus", "haiku"];

    public async Task<AgentProgramStatus> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var chosen = await choice.GetAsync(cancellationToken);
        var (path, version, source, problem) = chosen.ExecutablePath is { Length: > 0 } configured
            ? await CheckAsync(configured, chosen.Source ?? "configured", cancellationToken)
            : await LocateAsync(cancellationToken);
        var auth = await DescribeAuthAsync(chosen.Auth, cancellationToken);
        return new AgentProgramStatus(Kind, DisplayName, problem is null, path, version, source, auth, problem);
    }

    private async Task<(string? Path, string? Version, string? Source, string? Problem)> LocateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var found = await locator.LocateAsync(cancellationToken);
            return (found.ExecutablePath, found.Version.ToString(), found.Source, null);
        }
        catch (GroveException ex)
        {
            return (null, null, "not found", ex is AgentException agent ? agent.Reason : ex.Message);
        }
    }

    /// <summary>A program the user named: it must exist, print a version, and be new enough.</summary>
    private async Task<(string? Path, string? Version, string? Source, string? Problem)> CheckAsync(string path, string source, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return (path, null, source, $"'{path}' ({source}) does not exist.");
        }

        var version = await locator.GetVersionAsync(path, cancellationToken);
        if (version is null)
        {
            return (path, null, source, $"'{path}' ({source}) does not run or prints no version (--version).");
        }

        return version < ClaudeVersion.Minimum
            ? (path, version.ToString(), source, AgentException.TooOldReason(version, null, ClaudeVersion.MinimumSupported, ClaudeVersion.InstallHint))
            : (path, version.ToString(), source, null);
    }

    /// <summary>Where a run's credentials would come from, in words; never the secret itself.</summary>
    private async Task<string> DescribeAuthAsync(AgentAuth? auth, CancellationToken cancellationToken)
    {
        var resolved = ClaudeAuthResolver.Resolve(auth, host.Variables);
        var baseUrl = resolved.Variables.GetValueOrDefault("ANTHROPIC_BASE_URL");
        var via = baseUrl is null ? "" : $" (API at {baseUrl})";
        switch (resolved.Source)
        {
            case ClaudeAuthSource.Explicit:
                return (resolved.Variables.ContainsKey("ANTHROPIC_API_KEY") ? "API key from Grove's settings"
                    : resolved.Variables.ContainsKey("ANTHROPIC_AUTH_TOKEN") ? "auth token from Grove's settings"
                    : "Claude Code's own login") + via;
            case ClaudeAuthSource.Environment:
                return (resolved.Variables.ContainsKey("ANTHROPIC_API_KEY") ? "ANTHROPIC_API_KEY from the environment" : "ANTHROPIC_AUTH_TOKEN from the environment") + via;
            case ClaudeAuthSource.OAuthToken:
                return "Claude subscription token (claude setup-token)";
            case ClaudeAuthSource.Ollama:
                var models = await ollama.ListModelsAsync(baseUrl ?? OllamaSettings.DefaultBaseUrl, cancellationToken);
                var model = resolved.Model is null ? "" : $", model {resolved.Model}";
                return models is null ? $"Ollama at {baseUrl}{model}: not answering" : $"Ollama at {baseUrl}{model}";
            default:
                return "Claude Code's own login (no API key set in Grove)";
        }
    }
}
