using System.Text;
using Grove.Agents.Codex;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.Codex;

/// <summary>
/// Lines recorded from the real <c>codex app-server</c> 0.171.0 (Recorded/codex-turns.jsonl, see
/// Recorded/README.md) and hand-made bad ones read into the expected events, the way the session
/// reads them: responses aside, server requests as permission asks, notifications as events.
/// </summary>
public sealed class CodexRecordedOutputTests
{
    private static (List<AgentEvent> Events, List<CodexLine> Lines) Read(IEnumerable<string> lines)
    {
        var mapper = new CodexEventMapper("codex-test") { Model = "gpt-5.5" };
        var events = new List<AgentEvent>();
        var parsed = new List<CodexLine>();
        foreach (var text in lines)
        {
            var line = CodexRpc.Parse(Encoding.UTF8.GetBytes(text));
            parsed.Add(line);
            switch (line.Kind)
            {
                case CodexLineKind.Request:
                    if (mapper.Approval(line) is { } ask)
                    {
                        events.Add(ask);
                    }

                    break;
                case CodexLineKind.Notification:
                    events.AddRange(mapper.Notification(line.Method!, line.Params));
                    break;
            }
        }

        return (events, parsed);
    }

    private static IEnumerable<string> Recorded => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Recorded", "codex-turns.jsonl"));

    [Fact]
    public void A_recorded_turn_with_a_file_change_and_two_refused_commands_reads_in_order()
    {
        var (events, lines) = Read(Recorded);

        Assert.DoesNotContain(lines, l => l.Kind == CodexLineKind.Malformed);
        Assert.Equal(["1", "2", "3", "4", "5"], lines.Where(l => l.Kind == CodexLineKind.Response).Select(l => l.IdText));
        Assert.Equal(
            ["thinking", "tool_use", "permission_request", "tool_result",
             "tool_use", "permission_request", "tool_result",
             "tool_use", "permission_request", "tool_result",
             "delta", "delta", "delta", "delta", "delta", "delta", "delta", "delta", "text", "result",
             "result"],
            events.Select(e => e.Kind));

        Assert.Equal("Planning the change.", events.OfType<ThinkingEvent>().Single().Content);
        var asks = events.OfType<PermissionRequestEvent>().ToList();
        Assert.Equal(["Write", "Bash", "Bash"], asks.Select(a => a.ToolName));
        Assert.Equal(["codex-test-0", "codex-test-1", "codex-test-2"], asks.Select(a => a.RequestId));
        Assert.EndsWith("/repo/hello.txt", asks[0].Input.GetProperty("file_path").GetString(), StringComparison.Ordinal);
        Assert.Equal("hello world\n", asks[0].Input.GetProperty("content").GetString());
        Assert.Equal("rm README.md", asks[1].Input.GetProperty("command").GetString());
        Assert.Equal(["call_patch", "call_rm", "call_ls"], asks.Select(a => a.ToolUseId));

        var uses = events.OfType<ToolUseEvent>().ToList();
        Assert.Equal(asks.Select(a => (a.ToolName, a.ToolUseId)), uses.Select(u => (u.Name, (string?)u.ToolUseId)));
        var results = events.OfType<ToolResultEvent>().ToList();
        Assert.Equal([false, true, true], results.Select(r => r.IsError));
        Assert.StartsWith("Changed ", results[0].Content, StringComparison.Ordinal);
        Assert.Equal("The user refused to run this command.", results[1].Content);

        var turns = events.OfType<ResultEvent>().ToList();
        Assert.Equal((false, "completed", "Added hello.txt; I did not remove the README."), (turns[0].IsError, turns[0].TerminalReason, turns[0].ResultText));
        Assert.Equal((400L, 80L), (turns[0].InputTokens, turns[0].OutputTokens));
        Assert.Equal((true, "aborted_streaming"), (turns[1].IsError, turns[1].TerminalReason));
        Assert.Equal((0L, 0L), (turns[1].InputTokens, turns[1].OutputTokens));
        Assert.All(turns, t => Assert.NotNull(t.SessionId));
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2,3]", "a JSON Array")]
    [InlineData("{\"params\":{}}", "neither a method nor a response id")]
    [InlineData("{\"method\":\"item/completed\",\"params\":", "not JSON")]
    public void Malformed_lines_are_reported_not_thrown(string text, string problem)
    {
        var (events, lines) = Read([text]);

        Assert.Empty(events);
        var line = Assert.Single(lines);
        Assert.Equal(CodexLineKind.Malformed, line.Kind);
        Assert.Contains(problem, line.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_methods_items_and_odd_shapes_give_no_events_and_do_not_throw()
    {
        var (events, lines) = Read(
        [
            """{"method":"thread/realtime/sdp","params":{"threadId":"t"}}""",
            """{"method":"item/completed","params":{"item":{"type":"somethingNew","id":"x"}}}""",
            """{"method":"item/completed","params":{"item":"not an object"}}""",
            """{"method":"item/started","params":{}}""",
            """{"method":"item/agentMessage/delta","params":{"delta":42}}""",
            """{"method":"turn/completed","params":{"turn":{"status":"completed"}}}""",
            """{"method":"thread/tokenUsage/updated","params":{"tokenUsage":{"total":"lots"}}}""",
            """{"id":9,"method":"item/tool/requestUserInput","params":{"questions":[]}}""",
            """{"id":10,"method":"attestation/generate","params":null}""",
        ]);

        Assert.DoesNotContain(lines, l => l.Kind == CodexLineKind.Malformed);
        Assert.Equal(["result"], events.Select(e => e.Kind));
        Assert.Equal(2, lines.Count(l => l.Kind == CodexLineKind.Request));
    }

    [Fact]
    public void Errors_are_classified_and_retries_become_retry_events()
    {
        var (events, _) = Read(
        [
            """{"method":"error","params":{"error":{"message":"stream disconnected","codexErrorInfo":{"responseStreamDisconnected":{"httpStatusCode":null}}},"threadId":"t","turnId":"u","willRetry":true}}""",
            """{"method":"error","params":{"error":{"message":"Unauthorized","codexErrorInfo":"unauthorized"},"threadId":"t","turnId":"u","willRetry":false}}""",
            """{"method":"error","params":{"error":{"message":"Slow down","codexErrorInfo":{"httpConnectionFailed":{"httpStatusCode":429}}},"threadId":"t","turnId":"u","willRetry":false}}""",
            """{"method":"turn/completed","params":{"threadId":"t","turn":{"id":"u","items":[],"status":"failed","error":{"message":"Unauthorized"}}}}""",
        ]);

        Assert.Equal("stream disconnected", Assert.IsType<RetryEvent>(events[0]).Error);
        Assert.Equal((AgentErrorKind.InvalidApiKey, 401), (((ErrorEvent)events[1]).ErrorKind, ((ErrorEvent)events[1]).HttpStatus));
        Assert.Equal((AgentErrorKind.RateLimit, 429), (((ErrorEvent)events[2]).ErrorKind, ((ErrorEvent)events[2]).HttpStatus));
        var result = Assert.IsType<ResultEvent>(events[3]);
        Assert.Equal((true, "Unauthorized", "t"), (result.IsError, result.ResultText, result.SessionId));
    }

    [Fact]
    public void Plan_updates_become_TodoWrite_and_MCP_calls_are_named_like_Claude_s()
    {
        var (events, _) = Read(
        [
            """{"method":"turn/started","params":{"threadId":"t","turn":{"id":"turn-1","items":[],"status":"inProgress"}}}""",
            """{"method":"turn/plan/updated","params":{"threadId":"t","turnId":"turn-1","explanation":null,"plan":[{"step":"Read the code","status":"completed"},{"step":"Write the fix","status":"inProgress"},{"step":"Test","status":"pending"}]}}""",
            """{"method":"item/started","params":{"item":{"type":"mcpToolCall","id":"m1","server":"everything","tool":"echo","status":"inProgress","arguments":{"message":"ping"}},"threadId":"t","turnId":"turn-1"}}""",
            """{"method":"item/completed","params":{"item":{"type":"mcpToolCall","id":"m1","server":"everything","tool":"echo","status":"completed","arguments":{"message":"ping"},"result":{"content":[{"type":"text","text":"Echo: ping"}]}},"threadId":"t","turnId":"turn-1"}}""",
        ]);

        var todo = events.OfType<ToolUseEvent>().First();
        Assert.Equal("TodoWrite", todo.Name);
        Assert.Equal(["completed", "in_progress", "pending"], todo.Input.GetProperty("todos").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        var mcp = events.OfType<ToolUseEvent>().Last();
        Assert.Equal(("mcp__everything__echo", "ping"), (mcp.Name, mcp.Input.GetProperty("message").GetString()));
        Assert.Equal("Echo: ping", events.OfType<ToolResultEvent>().Single(r => r.ToolUseId == "m1").Content);
    }

    [Theory]
    [InlineData("/bin/bash -lc 'touch a.txt'", "touch a.txt")]
    [InlineData("/bin/zsh -lc 'ls -la'", "ls -la")]
    [InlineData("git status", "git status")]
    public void Commands_lose_Codex_s_shell_wrapper(string command, string expected)
    {
        Assert.Equal(expected, CodexEventMapper.CommandText(command, default));
    }

    [Fact]
    public void Cost_uses_the_price_table_and_is_null_for_unknown_models()
    {
        var counts = new CodexTokenCounts(InputTokens: 1_000_000, CachedInputTokens: 200_000, OutputTokens: 100_000);

        Assert.Equal(1.0m + 0.025m + 1.0m, CodexPricing.Cost("gpt-5", counts));
        Assert.Null(CodexPricing.Cost("gpt-5.5", counts));
        Assert.Null(CodexPricing.Cost(null, counts));
    }
}
