namespace Grove.Agents.Codex;

/// <summary>
/// Forks a Codex thread at one of its agent messages: Codex's <c>thread/fork</c> copies the turns up
/// to and with the turn that holds the message (<c>lastTurnId</c>) into a new thread, which the new
/// tab resumes. Codex forks whole turns, so the fork keeps the rest of that turn too. The original
/// thread is never changed.
/// </summary>
internal sealed class CodexSessionForker(CodexThreads threads) : IAgentSessionForker
{
    public string Kind => CodexDriver.DriverKind;

    public Task<string> ForkAsync(string home, string sessionId, string messageId, CancellationToken cancellationToken) =>
        threads.ForkAtItemAsync(home, sessionId, messageId, cancellationToken);
}
