using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

/// <summary>
/// Reads a Codex thread as Codex stored it (<c>thread/read</c> with its turns), for recovery after a
/// crash: each item becomes the events the live session made of it (same mapper, same ids), so
/// recovery matches them with the stored transcript. <c>CODEX_HOME</c> is Grove's
/// (<see cref="CodexOptions.HomeDirectory"/>); <c>configDirectory</c> is Claude's and is not used.
/// </summary>
internal sealed class CodexSessionReader(CodexThreads threads) : IAgentSessionReader
{
    public string Source => "Codex's stored thread";

    public string Kind => CodexDriver.DriverKind;

    public async Task<IReadOnlyList<AgentEvent>> ReadAsync(string home, string? configDirectory, string sessionId, CancellationToken cancellationToken)
    {
        System.Text.Json.JsonElement thread;
        try
        {
            thread = await threads.ReadAsync(home, sessionId, cancellationToken);
        }
        catch (GroveException ex) when (ex.Kind is ErrorKind.Conflict)
        {
            // Codex does not know the thread (never stored, or deleted): nothing to recover.
            return [];
        }

        return [.. new CodexEventMapper("codex-read").StoredItems(thread).Where(e => e is TextEvent or ThinkingEvent or ToolUseEvent or ToolResultEvent)];
    }
}
