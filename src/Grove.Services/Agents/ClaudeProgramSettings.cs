using Grove.Agents.ClaudeCode;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

/// <summary>
/// The user's Claude Code choice from Grove's side: GROVE_CLAUDE_PATH (<see cref="AgentRunOptions.ExecutablePath"/>),
/// else the <c>claude.path</c> setting; and the credentials from settings and secrets. The Claude
/// driver and its program probe both read it, so settings show the program runs use.
/// </summary>
internal sealed class ClaudeProgramSettings(AgentRunOptions runOptions, ISettingsStore settings, AgentAuthProvider auth) : IClaudeProgramChoice
{
    public async Task<ClaudeProgramChoice> GetAsync(CancellationToken cancellationToken)
    {
        var credentials = await auth.GetAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(runOptions.ExecutablePath))
        {
            return new ClaudeProgramChoice(runOptions.ExecutablePath, "GROVE_CLAUDE_PATH", credentials);
        }

        return await settings.GetAsync(SettingKeys.ClaudePath, cancellationToken) is { Length: > 0 } configured
            ? new ClaudeProgramChoice(configured, $"setting {SettingKeys.ClaudePath}", credentials)
            : new ClaudeProgramChoice(null, null, credentials);
    }
}
