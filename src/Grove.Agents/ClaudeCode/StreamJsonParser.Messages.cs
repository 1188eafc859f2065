using System.Text;
using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class StreamJsonParser
{
    /// <summary>An <c>assistant</c> line holds one content block (§5); a synthetic API error becomes an error event.</summary>
    private ParsedLine ParseAssistant(JsonElement root)
    {
        var message = root.RequiredObject("message");
        var parent = root.String("parent_tool_use_id");
        if (root.Bool("is_api_error_message"))
        {
            var text = JoinText(message.Property("content")) ?? root.String("error");
            return ParsedLine.Of(TurnError(text, root.Int("api_error_status"), root.String("api_error_type") ?? root.String("error")));
        }

        var messageId = message.String("id") ?? string.Empty;
        var events = new List<AgentEvent>();
        foreach (var block in message.Array("content"))
        {
            AgentEvent? agentEvent = block.String("type") switch
            {
                "text" => new TextEvent(messageId, block.String("text") ?? string.Empty) { ParentToolUseId = parent },
                "thinking" => new ThinkingEvent(messageId, block.String("thinking") ?? string.Empty) { ParentToolUseId = parent },
                "redacted_thinking" => new ThinkingEvent(messageId, string.Empty) { ParentToolUseId = parent },
                "tool_use" or "server_tool_use" or "mcp_tool_use" => ToolUse(block, messageId, parent),
                _ => null,
            };
            if (agentEvent is not null)
            {
                events.Add(agentEvent);
            }
        }

        return new ParsedLine(events);
    }

    private static ToolUseEvent ToolUse(JsonElement block, string messageId, string? parent) =>
        new(messageId, block.RequiredString("id"), block.RequiredString("name"), block.Property("input")?.Clone() ?? EmptyObject())
        {
            ParentToolUseId = parent,
        };

    /// <summary>A <c>user</c> line: tool results (with <c>tool_use_result</c> and <c>tool_result_meta</c>) or user-role text.</summary>
    private static ParsedLine ParseUser(JsonElement root)
    {
        var message = root.RequiredObject("message");
        var parent = root.String("parent_tool_use_id");
        var content = message.Property("content");
        if (content is { ValueKind: JsonValueKind.String } s)
        {
            return ParsedLine.Of(new UserEvent(s.GetString() ?? string.Empty) { FromAgent = true });
        }

        var structured = root.Property("tool_use_result");
        var meta = root.Array("tool_result_meta").ToList();
        var events = new List<AgentEvent>();
        var results = 0;
        foreach (var block in message.Array("content"))
        {
            switch (block.String("type"))
            {
                case "tool_result":
                    var id = block.RequiredString("tool_use_id");
                    events.Add(new ToolResultEvent(id, JoinText(block.Property("content")) ?? string.Empty)
                    {
                        IsError = block.Bool("is_error"),
                        ToolUseResult = results++ == 0 ? structured.CloneOrNull() : null,
                        Meta = meta.Where(m => m.String("id") == id).Select(m => (JsonElement?)m.Clone()).FirstOrDefault(),
                        ParentToolUseId = parent,
                    });
                    break;
                case "text":
                    events.Add(new UserEvent(block.String("text") ?? string.Empty) { FromAgent = true });
                    break;
            }
        }

        return new ParsedLine(events);
    }

    /// <summary>A content value as text: a string, or the text blocks of an array joined by newlines.</summary>
    private static string? JoinText(JsonElement? content)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } s:
                return s.GetString();
            case { ValueKind: JsonValueKind.Array } array:
                var text = new StringBuilder();
                foreach (var block in array.EnumerateArray())
                {
                    var part = block.String("type") switch
                    {
                        "text" => block.String("text"),
                        "image" => "[image]",
                        _ => null,
                    };
                    if (part is not null)
                    {
                        text.Append(text.Length > 0 ? "\n" : string.Empty).Append(part);
                    }
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
