using Grove.Agents.Processes;
using Grove.Core.Agents;

namespace Grove.Agents.Codex;

/// <summary>Codex's program state for settings and the "new tab" menus: located program, version, and how it signs in.</summary>
internal sealed class CodexProgramProbe(ICodexLocator locator, ICodexSettings settings, CodexOptions options, AgentHostEnvironment host) : IAgentProgramProbe
{
    public string Kind => CodexDriver.DriverKind;

    public string DisplayName => "Codex";

    public IReadOnlyList<string> Models => CodexModels.Known;

    public async Task<AgentProgramStatus> ProbeAsync(CancellationToken cancellationToken = default)
    {
        CodexInstallation installation;
        try
        {
            installation = await locator.LocateAsync(cancellationToken);
        }
        catch (AgentException ex)
        {
            return new AgentProgramStatus(Kind, DisplayName, false, null, null, null, null, ex.Reason);
        }

        var auth = await DescribeAuthAsync(installation.ExecutablePath, cancellationToken);
        return new AgentProgramStatus(Kind, DisplayName, true, installation.ExecutablePath, installation.Version.ToString(), installation.Source, auth, null);
    }

    private async Task<string> DescribeAuthAsync(string executable, CancellationToken cancellationToken)
    {
        if (await settings.GetApiKeyAsync(cancellationToken) is { Length: > 0 })
        {
            return "API key from Grove's secret openai.api_key";
        }

        if (host.Get("OPENAI_API_KEY") is not null)
        {
            return "API key from the environment (OPENAI_API_KEY)";
        }

        // Codex's own login (`codex login`), as kept in the CODEX_HOME Grove runs it with.
        var environment = CodexCommandBuilder.BaseEnvironment(host, options, runValues: null);
        var result = await ShortProcess.RunAsync(executable, ["login", "status"], options.VersionTimeout, environment, cancellationToken: cancellationToken);
        var line = result is null || result.TimedOut
            ? null
            : (result.StandardOutput + "\n" + result.StandardError)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(l => !l.StartsWith("WARNING", StringComparison.Ordinal));
        var home = options.HomeDirectory is null ? string.Empty : $" (CODEX_HOME={options.HomeDirectory})";
        return line is null
            ? $"unknown: codex login status did not answer{home}"
            : result!.ExitCode == 0 ? $"{line}{home}" : $"{line}: store a key with grove secret set openai.api_key or run codex login{home}";
    }
}
