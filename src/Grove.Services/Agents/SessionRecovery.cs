using Grove.Agents;
using Grove.Core.Agents;
using Grove.Core.Domain;

namespace Grove.Services.Agents;

/// <summary>
/// After a crash: what the agent wrote to its own session file that the transcript lacks (it kept
/// going after Grove stopped, or Grove died before storing it). The session's messages are matched
/// with the stored ones by message id, tool call id and text; whatever follows the last one the
/// transcript has comes back marked <see cref="AgentEvent.Recovered"/>.
/// </summary>
internal sealed class SessionRecovery(IEnumerable<IAgentSessionReader> readers, AgentRunOptions options, AgentHostEnvironment host)
{
    /// <summary>Where recovered events of <paramref name="kind"/> come from, for the notice ("Claude's session file").</summary>
    public string SourceOf(string kind) => readers.FirstOrDefault(r => r.Kind == kind)?.Source ?? "the agent's own session record";

    public async Task<IReadOnlyList<AgentEvent>> MissingAsync(AgentTab tab, IReadOnlyList<TranscriptEvent> stored, CancellationToken cancellationToken)
    {
        if (tab.SessionId is null || readers.FirstOrDefault(r => r.Kind == tab.AgentKind) is not { } reader)
        {
            return [];
        }

        var home = options.ExtraEnvironment.GetValueOrDefault("HOME") ?? host.HomeDirectory;
        var configDirectory = options.ExtraEnvironment.GetValueOrDefault("CLAUDE_CONFIG_DIR") ?? host.Get("CLAUDE_CONFIG_DIR");
        var session = await reader.ReadAsync(home, configDirectory, tab.SessionId, cancellationToken);
        var known = stored.Where(e => e.Kind is AgentEventKinds.Text or AgentEventKinds.Thinking or AgentEventKinds.ToolUse or AgentEventKinds.ToolResult)
            .Select(e => Key(AgentEventJson.Deserialize(e.PayloadJson)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var lastKnown = -1;
        for (var i = 0; i < session.Count; i++)
        {
            if (Key(session[i]) is { } key && known.Contains(key))
            {
                lastKnown = i;
            }
        }

        return [.. session.Skip(lastKnown + 1).Where(e => Key(e) is not { } key || !known.Contains(key)).Select(e => e with { Recovered = true })];
    }

    private static string? Key(AgentEvent agentEvent) => agentEvent switch
    {
        TextEvent t => $"text|{t.MessageId}|{t.Content}",
        ThinkingEvent t => $"thinking|{t.MessageId}",
        ToolUseEvent t => $"tool_use|{t.ToolUseId}",
        ToolResultEvent t => $"tool_result|{t.ToolUseId}",
        _ => null,
    };
}
