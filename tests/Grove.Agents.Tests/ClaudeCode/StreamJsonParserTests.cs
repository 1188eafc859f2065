using System.Text;
using System.Text.Json;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class StreamJsonParserTests
{
    private readonly StreamJsonParser _parser = new();

    private AgentEvent Single(string line)
    {
        var parsed = _parser.Parse(line);
        return Assert.Single(parsed.Events);
    }

    [Fact]
    public void Init_becomes_init_event_with_session_model_tools_and_mcp_servers()
    {
        var init = Assert.IsType<InitEvent>(Single(Fixtures.Init));

        Assert.Equal(Fixtures.SessionId, init.SessionId);
        Assert.Equal("claude-opus-5-5", init.Model);
        Assert.Equal("/work/repo", init.Cwd);
        Assert.Equal("default", init.PermissionMode);
        Assert.Equal("2.1.328", init.CliVersion);
        Assert.Contains("ExitPlanMode", init.Tools);
        Assert.Equal(new AgentMcpServer("everything", "connected"), Assert.Single(init.McpServers));
    }

    [Fact]
    public void Assistant_text_keeps_message_id()
    {
        var text = Assert.IsType<TextEvent>(Single(Fixtures.AssistantText));

        Assert.Equal("msg_01ABC", text.MessageId);
        Assert.Equal("I'll create the file.", text.Content);
        Assert.Null(text.ParentToolUseId);
    }

    [Fact]
    public void Assistant_thinking_becomes_thinking_event()
    {
        var thinking = Assert.IsType<ThinkingEvent>(Single(Fixtures.AssistantThinking));

        Assert.Equal("The user wants a file.", thinking.Content);
        Assert.Equal("msg_01ABC", thinking.MessageId);
    }

    [Fact]
    public void Assistant_tool_use_keeps_ids_name_and_input()
    {
        var tool = Assert.IsType<ToolUseEvent>(Single(Fixtures.AssistantToolUse));

        Assert.Equal("msg_01ABC", tool.MessageId);
        Assert.Equal("toolu_01W", tool.ToolUseId);
        Assert.Equal("Write", tool.Name);
        Assert.Equal("/work/repo/hello.txt", tool.Input.GetProperty("file_path").GetString());
    }

    [Fact]
    public void Subagent_blocks_keep_parent_tool_use_id()
    {
        var text = Assert.IsType<TextEvent>(Single(Fixtures.SubagentText));

        Assert.Equal("toolu_01AGENT", text.ParentToolUseId);
    }

    [Fact]
    public void Tool_result_carries_structured_result_and_meta()
    {
        var result = Assert.IsType<ToolResultEvent>(Single(Fixtures.UserToolResult));

        Assert.Equal("toolu_01W", result.ToolUseId);
        Assert.Equal("File created successfully at: /work/repo/hello.txt", result.Content);
        Assert.False(result.IsError);
        Assert.Equal("create", result.ToolUseResult!.Value.GetProperty("type").GetString());
        Assert.Equal("accept", result.Meta!.Value.GetProperty("permission_decision").GetProperty("decision").GetString());
    }

    [Fact]
    public void Denied_tool_result_is_an_error_with_string_structured_result()
    {
        var result = Assert.IsType<ToolResultEvent>(Single(Fixtures.UserDeniedResult));

        Assert.True(result.IsError);
        Assert.Equal("The test host says no.", result.Content);
        Assert.Equal(JsonValueKind.String, result.ToolUseResult!.Value.ValueKind);
    }

    [Fact]
    public void Tool_result_content_array_is_joined_text()
    {
        var result = Assert.IsType<ToolResultEvent>(Single(Fixtures.UserMcpResult));

        Assert.Equal("Echo: ping\nthrough MCP", result.Content);
    }

    [Fact]
    public void User_text_from_the_agent_is_marked_as_from_agent()
    {
        var user = Assert.IsType<UserEvent>(Single(Fixtures.UserInterrupted));

        Assert.True(user.FromAgent);
        Assert.Equal("[Request interrupted by user]", user.Content);
    }

    [Fact]
    public void Stream_deltas_use_the_message_id_from_message_start()
    {
        Assert.Empty(_parser.Parse(Fixtures.StreamMessageStart).Events);

        var text = Assert.IsType<DeltaEvent>(Single(Fixtures.StreamTextDelta));
        var input = Assert.IsType<DeltaEvent>(Single(Fixtures.StreamInputDelta));

        Assert.Equal(("msg_01ABC", 0, DeltaKind.Text, "I'll "), (text.MessageId, text.Index, text.DeltaKind, text.Delta));
        Assert.Equal((1, DeltaKind.InputJson, "{\"file_path\":"), (input.Index, input.DeltaKind, input.Delta));
        Assert.Empty(_parser.Parse(Fixtures.StreamBlockStop).Events);
    }

    [Fact]
    public void Status_lines_become_status_events()
    {
        Assert.Equal("requesting", Assert.IsType<StatusEvent>(Single(Fixtures.StatusRequesting)).Status);
        var changed = Assert.IsType<StatusEvent>(Single(Fixtures.StatusModeChanged));
        Assert.Null(changed.Status);
        Assert.Equal("acceptEdits", changed.PermissionMode);
    }

    [Fact]
    public void Api_retry_becomes_retry_event()
    {
        var retry = Assert.IsType<RetryEvent>(Single(Fixtures.ApiRetry));
        var connection = Assert.IsType<RetryEvent>(Single(Fixtures.ApiRetryConnection));

        Assert.Equal((1, 10, 532L, (int?)529, "overloaded_error"), (retry.Attempt, retry.MaxRetries, retry.DelayMs, retry.ErrorStatus, retry.Error));
        Assert.Null(connection.ErrorStatus);
        Assert.Equal("Connection error.", connection.Error);
    }

    [Fact]
    public void Successful_result_has_cost_tokens_and_duration()
    {
        var result = Assert.IsType<ResultEvent>(Single(Fixtures.ResultSuccess));

        Assert.False(result.IsError);
        Assert.Equal(Fixtures.SessionId, result.SessionId);
        Assert.Equal("Created hello.txt.", result.ResultText);
        Assert.Equal("success", result.Subtype);
        Assert.Equal("completed", result.TerminalReason);
        Assert.Equal(0.0421m, result.CostUsd);
        Assert.Equal((24L, 31L, 2310L, 2), (result.InputTokens!.Value, result.OutputTokens!.Value, result.DurationMs!.Value, result.NumTurns!.Value));
        Assert.Equal(0, result.DenialCount);
    }

    [Fact]
    public void Result_counts_permission_denials()
    {
        Assert.Equal(1, Assert.IsType<ResultEvent>(Single(Fixtures.ResultWithDenials)).DenialCount);
    }

    [Fact]
    public void Synthetic_api_error_becomes_one_classified_error_and_the_result_adds_no_second_one()
    {
        var error = Assert.IsType<ErrorEvent>(Single(Fixtures.SyntheticOverloaded));
        var resultEvents = _parser.Parse(Fixtures.ResultApiError).Events;

        Assert.Equal(AgentErrorKind.Overloaded, error.ErrorKind);
        Assert.Equal(529, error.HttpStatus);
        Assert.Contains("overloaded", error.Message, StringComparison.OrdinalIgnoreCase);
        var result = Assert.IsType<ResultEvent>(Assert.Single(resultEvents));
        Assert.True(result.IsError);
        Assert.Equal("success", result.Subtype);
    }

    [Fact]
    public void Error_result_without_earlier_error_yields_error_then_result()
    {
        var events = _parser.Parse(Fixtures.ResultNotLoggedIn).Events;

        Assert.Collection(
            events,
            e => Assert.Equal(AgentErrorKind.NotLoggedIn, Assert.IsType<ErrorEvent>(e).ErrorKind),
            e => Assert.True(Assert.IsType<ResultEvent>(e).IsError));
    }

    [Fact]
    public void Error_reported_in_one_turn_does_not_hide_the_next_turns_error()
    {
        _parser.Parse(Fixtures.SyntheticOverloaded);
        _parser.Parse(Fixtures.ResultApiError);

        var next = _parser.Parse(Fixtures.ResultNotLoggedIn).Events;

        Assert.IsType<ErrorEvent>(next[0]);
    }

    [Fact]
    public void Interrupted_result_is_not_an_error_event()
    {
        var result = Assert.IsType<ResultEvent>(Single(Fixtures.ResultInterrupted));

        Assert.True(result.IsError);
        Assert.Equal("aborted_streaming", result.TerminalReason);
    }

    [Fact]
    public void Other_system_subtypes_are_kept_raw()
    {
        var system = Assert.IsType<SystemEvent>(Single(Fixtures.PermissionDenied));

        Assert.Equal("permission_denied", system.Subtype);
        Assert.Equal("Write", system.Raw.GetProperty("tool_name").GetString());
    }

    [Fact]
    public void Unknown_top_level_type_is_kept_as_system_event()
    {
        var system = Assert.IsType<SystemEvent>(Single("""{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"}}"""));

        Assert.Equal("rate_limit_event", system.Subtype);
    }
}
