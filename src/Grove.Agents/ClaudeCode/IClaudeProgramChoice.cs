namespace Grove.Agents.ClaudeCode;

/// <summary>
/// What the user chose for Claude Code outside the search: a program to run instead of the located
/// one (and where that choice came from, e.g. <c>GROVE_CLAUDE_PATH</c> or the <c>claude.path</c>
/// setting), and the credentials Grove would pass. Grove.Services supplies it from settings and
/// secrets; without it the locator's search (and <see cref="ClaudeCodeOptions.ExecutablePath"/>) decides.
/// </summary>
public sealed record ClaudeProgramChoice(string? ExecutablePath, string? Source, AgentAuth? Auth);

/// <summary>The user's current <see cref="ClaudeProgramChoice"/>; read by the driver and the probe so both run the same program.</summary>
public interface IClaudeProgramChoice
{
    Task<ClaudeProgramChoice> GetAsync(CancellationToken cancellationToken);
}

/// <summary>No choice: the locator searches (used until Grove.Services registers the settings-backed one).</summary>
internal sealed class NoClaudeProgramChoice : IClaudeProgramChoice
{
    public Task<ClaudeProgramChoice> GetAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ClaudeProgramChoice(null, null, null));
}
