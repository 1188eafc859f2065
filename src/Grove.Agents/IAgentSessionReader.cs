using Grove.Core.Agents;

namespace Grove.Agents;

/// <summary>
/// Reads what an agent wrote to its own stored session (Claude Code: its session <c>.jsonl</c>) as
/// <see cref="AgentEvent"/>s, so Grove can recover what the agent did while Grove was not there to
/// record it. One per agent kind that supports it.
/// </summary>
public interface IAgentSessionReader
{
    string Kind { get; }

    /// <summary>Where the events come from, as a user reads it in a notice ("Claude's session file").</summary>
    string Source => "the agent's own session record";

    /// <summary>
    /// The session's assistant messages, tool calls and tool results in order; empty when the session
    /// file is not on this machine. <paramref name="home"/> and <paramref name="configDirectory"/> are
    /// the HOME and <c>CLAUDE_CONFIG_DIR</c> the agent ran with.
    /// </summary>
    Task<IReadOnlyList<AgentEvent>> ReadAsync(string home, string? configDirectory, string sessionId, CancellationToken cancellationToken);
}
