namespace Grove.Agents;

/// <summary>
/// One kind of agent (Claude Code, later Codex): starts sessions of it. Each kind lives in its own
/// folder and is registered as an <see cref="IAgentDriver"/>; pick one by <see cref="Kind"/>
/// through <see cref="IAgentDrivers"/>.
/// </summary>
public interface IAgentDriver
{
    /// <summary>The stable kind stored on a tab, e.g. <c>claude-code</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Starts the agent process in <see cref="AgentStartOptions.WorkingDirectory"/>. Throws an
    /// <see cref="Grove.Core.Agents.AgentException"/> when the program is missing, too old or does
    /// not start; everything after the start is reported as events.
    /// </summary>
    Task<IAgentSession> StartAsync(AgentStartOptions options, CancellationToken cancellationToken);
}

/// <summary>All registered drivers by kind.</summary>
public interface IAgentDrivers
{
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>The driver of that kind; throws a NotFound <see cref="Grove.Core.Errors.GroveException"/> for an unknown kind.</summary>
    IAgentDriver Get(string kind);
}
