using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

/// <summary>What one stdout line means: events to publish, and a control message to act on.</summary>
internal readonly record struct ParsedLine(IReadOnlyList<AgentEvent> Events, ControlMessage? Control = null)
{
    public static ParsedLine Empty { get; } = new([]);

    public static ParsedLine Of(AgentEvent agentEvent) => new([agentEvent]);
}
