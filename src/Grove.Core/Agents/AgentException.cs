using Grove.Core.Errors;

namespace Grove.Core.Agents;

/// <summary>An agent could not be located, installed or started; carries the <see cref="AgentErrorKind"/>.</summary>
public sealed class AgentException(AgentErrorKind agentErrorKind, ErrorKind kind, string message, Exception? innerException = null)
    : GroveException(kind, message, innerException)
{
    public AgentErrorKind AgentErrorKind { get; } = agentErrorKind;
}
