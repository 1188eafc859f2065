using Grove.Core.Errors;

namespace Grove.Core.Agents;

/// <summary>An agent could not be located, installed or started; carries the <see cref="AgentErrorKind"/>.</summary>
public sealed class AgentException(AgentErrorKind agentErrorKind, ErrorKind kind, string message, Exception? innerException = null)
    : GroveException(kind, message, innerException)
{
    public AgentErrorKind AgentErrorKind { get; } = agentErrorKind;

    /// <summary>
    /// The message without the program's name in front, for a view that shows the name beside it
    /// (settings, the new-tab menus): "Not installed (…)" rather than "Codex (codex) was not found…".
    /// The message itself when none was given.
    /// </summary>
    public string Reason { get; init; } = message;
}
