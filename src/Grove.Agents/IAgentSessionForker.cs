namespace Grove.Agents;

/// <summary>
/// Copies an agent's stored session up to one of its messages into a new session id, so a new
/// tab can resume from that point ("fork from a message"). One per agent kind that supports it.
/// </summary>
public interface IAgentSessionForker
{
    string Kind { get; }

    /// <summary>
    /// Creates the fork and returns its new session id. <paramref name="home"/> is the HOME the
    /// agent runs with; <paramref name="messageId"/> is the assistant message to keep as the last.
    /// </summary>
    Task<string> ForkAsync(string home, string sessionId, string messageId, CancellationToken cancellationToken);
}
