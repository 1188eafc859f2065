using System.Text.Json;

namespace Grove.Bench;

/// <summary>
/// Writes a recorded-style <c>claude -p --output-format stream-json --include-partial-messages</c>
/// stdout (docs/claude-stream-json.md §5) to a file: per turn <c>system/init</c>, then API messages
/// each with <c>system/status</c>, <c>stream_event</c>s (message_start, content blocks with text or
/// input-JSON deltas, message_delta/stop), one <c>assistant</c> line per block right before its
/// content_block_stop, <c>user</c> tool results, and a final <c>result</c>. Mostly text deltas.
/// </summary>
internal static class StreamJsonRecording
{
    private static readonly string[] Tools =
    [
        "Task", "Bash", "Glob", "Grep", "ExitPlanMode", "Read", "Edit", "Write", "NotebookEdit", "WebFetch", "TodoWrite",
        "WebSearch", "BashOutput", "KillShell", "SlashCommand", "Skill", "ListMcpResourcesTool", "ReadMcpResourceTool",
        "EnterPlanMode", "AskUserQuestion", "LSP", "Agent",
    ];

    /// <summary>Like the CLI (Node's JSON.stringify): quotes, backticks and non-ASCII are not escaped.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The file holds at least <paramref name="events"/> parser events (it ends on a turn boundary).</summary>
    public sealed record Info(string Path, int Lines, int Events, int Deltas, long Bytes, int Turns);

    public static Info Write(string path, int events)
    {
        var text = new BenchText(7);
        var session = Guid.NewGuid().ToString();
        using var file = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        int lines = 0, count = 0, deltas = 0, turns = 0;

        void Line(object value, int producesEvents = 0, int producesDeltas = 0)
        {
            file.Write(JsonSerializer.Serialize(value, Json));
            file.Write('\n');
            lines++;
            count += producesEvents;
            deltas += producesDeltas;
        }

        while (count < events)
        {
            turns++;
            Line(new
            {
                type = "system", subtype = "init", cwd = "/home/dev/projects/grove/.grove/worktrees/grove/ws-1", session_id = session, tools = Tools,
                mcp_servers = Array.Empty<object>(), model = "claude-sonnet-4-5-20250929", permissionMode = "default",
                slash_commands = new[] { "compact", "context", "cost", "init", "review", "security-review" }, apiKeySource = "ANTHROPIC_API_KEY",
                claude_code_version = "2.0.42", output_style = "default", agents = new[] { "general-purpose", "statusline-setup", "Explore", "Plan" },
                skills = Array.Empty<string>(), plugins = Array.Empty<object>(), uuid = Guid.NewGuid(),
            }, 1);

            var apiMessages = text.Next(2, 5);
            for (var m = 0; m < apiMessages; m++)
            {
                var messageId = text.Id("msg");
                var last = m == apiMessages - 1;
                Line(new { type = "system", subtype = "status", status = "requesting", session_id = session, uuid = Guid.NewGuid() }, 1);
                Stream(session, messageId, new { type = "message_start", message = new { id = messageId, type = "message", role = "assistant", model = "claude-sonnet-4-5-20250929", content = Array.Empty<object>(), usage = new { input_tokens = 12, output_tokens = 1 } } });

                // A text block streamed as small deltas, its assistant line, then content_block_stop.
                var pieces = Enumerable.Range(0, text.Next(30, 90)).Select(_ => text.Sentence(text.Next(4, 28)) + " ").ToList();
                Stream(session, messageId, new { type = "content_block_start", index = 0, content_block = new { type = "text", text = string.Empty } });
                foreach (var piece in pieces)
                {
                    Stream(session, messageId, new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = piece } }, 1);
                }

                Assistant(session, messageId, new { type = "text", text = string.Concat(pieces) });
                Stream(session, messageId, new { type = "content_block_stop", index = 0 });

                string? toolUseId = null;
                if (!last)
                {
                    toolUseId = text.Id("toolu");
                    var command = $"dotnet test tests/Grove.Data.Tests --filter {text.Sentence(20).Replace(' ', '_')}";
                    var input = new { command, description = "Run the data tests" };
                    var inputJson = JsonSerializer.Serialize(input);
                    Stream(session, messageId, new { type = "content_block_start", index = 1, content_block = new { type = "tool_use", id = toolUseId, name = "Bash", input = new { } } });
                    for (var at = 0; at < inputJson.Length; at += 16)
                    {
                        Stream(session, messageId, new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = inputJson[at..Math.Min(at + 16, inputJson.Length)] } }, 1);
                    }

                    Assistant(session, messageId, new { type = "tool_use", id = toolUseId, name = "Bash", input });
                    Stream(session, messageId, new { type = "content_block_stop", index = 1 });
                }

                Stream(session, messageId, new { type = "message_delta", delta = new { stop_reason = last ? "end_turn" : "tool_use" }, usage = new { output_tokens = 240 } });
                Stream(session, messageId, new { type = "message_stop" });

                if (toolUseId is not null)
                {
                    var output = string.Join('\n', Enumerable.Range(0, text.Next(3, 20)).Select(_ => text.Sentence(70)));
                    Line(new
                    {
                        type = "user",
                        message = new { role = "user", content = new[] { new { tool_use_id = toolUseId, type = "tool_result", content = output, is_error = false } } },
                        parent_tool_use_id = (string?)null, session_id = session, uuid = Guid.NewGuid(), timestamp = DateTimeOffset.UtcNow,
                        tool_use_result = new { stdout = output, stderr = string.Empty, interrupted = false, isImage = false },
                        tool_result_meta = new[] { new { id = toolUseId, permission_decision = new { decision = "accept", source = "config" } } },
                    }, 1);
                }
            }

            Line(new
            {
                type = "result", subtype = "success", is_error = false, duration_ms = 48_210, duration_api_ms = 41_002, num_turns = apiMessages,
                result = text.Sentence(300), session_id = session, total_cost_usd = 0.0731, stop_reason = "end_turn", terminal_reason = "completed",
                usage = new { input_tokens = 18_402, output_tokens = 1_288, cache_read_input_tokens = 12_000 },
                permission_denials = Array.Empty<object>(), uuid = Guid.NewGuid(),
            }, 1);
        }

        file.Flush();
        return new Info(path, lines, count, deltas, new FileInfo(path).Length, turns);

        void Stream(string sessionId, string messageId, object streamEvent, int producesDeltas = 0) =>
            Line(new { type = "stream_event", @event = streamEvent, session_id = sessionId, parent_tool_use_id = (string?)null, uuid = Guid.NewGuid(), api_message_id = messageId }, producesDeltas, producesDeltas);

        void Assistant(string sessionId, string messageId, object block) =>
            Line(new
            {
                type = "assistant",
                message = new
                {
                    id = messageId, type = "message", role = "assistant", model = "claude-sonnet-4-5-20250929", content = new[] { block },
                    stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 12, cache_read_input_tokens = 12_000, output_tokens = 240 },
                },
                parent_tool_use_id = (string?)null, session_id = sessionId, uuid = Guid.NewGuid(), request_id = "req_" + messageId[4..], timestamp = DateTimeOffset.UtcNow,
            }, 1);
    }
}
