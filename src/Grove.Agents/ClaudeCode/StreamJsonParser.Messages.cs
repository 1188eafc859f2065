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

        var messageId = MessageId(message.Property("id")) ?? string.Empty;
        // Most lines hold one block: a list only from the second event on.
        AgentEvent? first = null;
        List<AgentEvent>? events = null;
        if (message.ArrayOrNull("content") is { } content)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (AssistantBlock(block, messageId, parent) is not { } agentEvent)
                {
                    continue;
                }

                if (first is null)
                {
                    first = agentEvent;
                }
                else
                {
                    (events ??= [first]).Add(agentEvent);
                }
            }
        }

        return events is not null ? new ParsedLine(events) : first is not null ? ParsedLine.Of(first) : ParsedLine.Empty;
    }

    /// <summary>One content block of an assistant message as an event, or null for a kind Grove does not show.</summary>
    private static AgentEvent? AssistantBlock(JsonElement block, string messageId, string? parent)
    {
        if (block.Property("type") is not { ValueKind: JsonValueKind.String } type)
        {
            return null;
        }

        if (type.ValueEquals("text"u8))
        {
            return new TextEvent(messageId, block.String("text") ?? string.Empty) { ParentToolUseId = parent };
        }

        if (type.ValueEquals("thinking"u8))
        {
            return new ThinkingEvent(messageId, block.String("thinking") ?? string.Empty) { ParentToolUseId = parent };
        }

        if (type.ValueEquals("redacted_thinking"u8))
        {
            return new ThinkingEvent(messageId, string.Empty) { ParentToolUseId = parent };
        }

        return type.ValueEquals("tool_use"u8) || type.ValueEquals("server_tool_use"u8) || type.ValueEquals("mcp_tool_use"u8)
            ? ToolUse(block, messageId, parent)
            : null;
    }

    /// <summary>
    /// A message id as a string: the same string as the last one read when it is equal (a streamed message's
    /// deltas and its assistant lines all carry it), so a message's events share one id instead of one each.
    /// </summary>
    private string? MessageId(JsonElement? id)
    {
        if (id is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        if (_lastMessageId is { } last && value.ValueEquals(last))
        {
            return last;
        }

        return _lastMessageId = value.GetString();
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
