using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Reads Claude Code's session file (<c>&lt;config&gt;/projects/&lt;cwd with / and . as -&gt;/&lt;session&gt;.jsonl</c>,
/// where the config folder is <c>CLAUDE_CONFIG_DIR</c> or <c>$HOME/.claude</c>). Its <c>assistant</c>
/// and <c>user</c> lines have the shape of the stream-json lines, so the same parser reads them;
/// every other line type (requests, attachments, costs…) is skipped.
/// </summary>
internal sealed class ClaudeSessionReader : IAgentSessionReader
{
    public string Source => "Claude's session file";

    public string Kind => ClaudeCodeDriver.DriverKind;

    public async Task<IReadOnlyList<AgentEvent>> ReadAsync(string home, string? configDirectory, string sessionId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(sessionId, out _))
        {
            return [];
        }

        var projects = Path.Combine(configDirectory ?? Path.Combine(home, ".claude"), "projects");
        var file = Directory.Exists(projects)
            ? Directory.EnumerateFiles(projects, sessionId + ".jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (file is null)
        {
            return [];
        }

        var parser = new StreamJsonParser();
        var events = new List<AgentEvent>();
        foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken))
        {
            if (!IsMessageLine(line))
            {
                continue;
            }

            events.AddRange(parser.Parse(line).Events.Where(e => e is TextEvent or ThinkingEvent or ToolUseEvent or ToolResultEvent));
        }

        return events;
    }

    private static bool IsMessageLine(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("type", out var type) && type.GetString() is "assistant" or "user" &&
                   !(document.RootElement.TryGetProperty("isSidechain", out var side) && side.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
