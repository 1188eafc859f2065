using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class StreamJsonParser
{
    private static ParsedLine ParseSystem(JsonElement root)
    {
        var subtype = root.RequiredString("subtype");
        return subtype switch
        {
            "init" => ParsedLine.Of(new InitEvent(root.RequiredString("session_id"))
            {
                Model = root.String("model"),
                Cwd = root.String("cwd"),
                Tools = root.Array("tools").Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList(),
                PermissionMode = root.String("permissionMode"),
                CliVersion = root.String("claude_code_version"),
                McpServers = root.Array("mcp_servers")
                    .Where(s => s.String("name") is not null)
                    .Select(s => new AgentMcpServer(s.String("name")!, s.String("status")))
                    .ToList(),
            }),
            "status" => ParsedLine.Of(new StatusEvent(root.String("status")) { PermissionMode = root.String("permissionMode") }),
            "api_retry" => ParsedLine.Of(new RetryEvent(root.Int("attempt") ?? 0, root.Int("max_retries") ?? 0)
            {
                DelayMs = root.Long("retry_delay_ms") ?? 0,
                ErrorStatus = root.Int("error_status"),
                Error = ErrorText(root.Property("error")),
            }),
            _ => ParsedLine.Of(new SystemEvent(subtype, root.Clone())),
        };
    }

    /// <summary>A <c>stream_event</c>: only content deltas become events; message ids are remembered for them.</summary>
    private ParsedLine ParseStreamEvent(JsonElement root)
    {
        var streamEvent = root.RequiredObject("event");
        if (streamEvent.StringEquals("type", "content_block_delta"u8))
        {
            return ParseDelta(root, streamEvent);
        }

        if (streamEvent.StringEquals("type", "message_start"u8))
        {
            _streamingMessageId = MessageId(streamEvent.Property("message")?.Property("id"));
        }

        return ParsedLine.Empty;
    }

    /// <summary>A <c>content_block_delta</c>: a piece of text, thinking or tool input JSON.</summary>
    private ParsedLine ParseDelta(JsonElement root, JsonElement streamEvent)
    {
        var delta = streamEvent.RequiredObject("delta");
        var type = delta.Property("type");
        (DeltaKind Kind, string? Text) piece = type switch
        {
            { ValueKind: JsonValueKind.String } t when t.ValueEquals("text_delta"u8) => (DeltaKind.Text, delta.String("text")),
            { ValueKind: JsonValueKind.String } t when t.ValueEquals("thinking_delta"u8) => (DeltaKind.Thinking, delta.String("thinking")),
            { ValueKind: JsonValueKind.String } t when t.ValueEquals("input_json_delta"u8) => (DeltaKind.InputJson, delta.String("partial_json")),
            _ => (DeltaKind.Text, null),
        };
        if (piece.Text is null)
        {
            return ParsedLine.Empty;
        }

        var messageId = MessageId(root.Property("api_message_id")) ?? _streamingMessageId;
        return ParsedLine.Of(new DeltaEvent(messageId, streamEvent.Int("index") ?? 0, piece.Kind, piece.Text)
        {
            ParentToolUseId = root.String("parent_tool_use_id"),
        });
    }

    /// <summary>The end of a turn; an error result also yields an error event unless the turn already reported one.</summary>
    private ParsedLine ParseResult(JsonElement root)
    {
        // A result without its fields says nothing about how the turn went: it ends the turn as failed.
        var incomplete = root.String("subtype") is null || root.Property("is_error") is not { ValueKind: JsonValueKind.True or JsonValueKind.False };
        var isError = incomplete || root.Bool("is_error");
        var usage = root.Property("usage");
        var result = new ResultEvent(root.String("session_id"), isError)
        {
            ResultText = root.String("result"),
            Subtype = root.String("subtype"),
            TerminalReason = root.String("terminal_reason"),
            CostUsd = root.Decimal("total_cost_usd"),
            InputTokens = usage?.Long("input_tokens"),
            OutputTokens = usage?.Long("output_tokens"),
            DurationMs = root.Long("duration_ms"),
            NumTurns = root.Int("num_turns"),
            DenialCount = root.Array("permission_denials").Count(),
        };

        var events = new List<AgentEvent>(2);
        var interrupted = result.TerminalReason == "aborted_streaming";
        if (incomplete)
        {
            _turnReportedError = true;
            var raw = root.GetRawText();
            events.Add(new ErrorEvent(
                AgentErrorKind.MalformedOutput,
                "Claude Code ended the turn with a result line that lacks its subtype or is_error; Grove counts the turn as failed.")
            {
                Detail = raw.Length <= PreviewChars ? raw : string.Concat(raw.AsSpan(0, PreviewChars), "…"),
            });
        }
        else if (isError && !interrupted && !_turnReportedError && result.Subtype != ResultSubtypes.MaxTurns)
        {
            var text = result.ResultText ?? string.Join("; ", root.Array("errors").Select(e => ErrorText(e)).Where(e => e is not null));
            events.Add(TurnError(string.IsNullOrEmpty(text) ? result.Subtype : text, root.Int("api_error_status"), null));
        }

        events.Add(result);
        _turnReportedError = false;
        _streamingMessageId = null;
        return new ParsedLine(events);
    }

    private static string? ErrorText(JsonElement? error) => error switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => o.String("message") ?? o.GetRawText(),
        null => null,
        var other => other.Value.GetRawText(),
    };
}
