using System.Text.Json;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class StreamJsonParserControlTests
{
    private readonly StreamJsonParser _parser = new();

    [Fact]
    public void Write_ask_becomes_permission_request_and_control_request()
    {
        var parsed = _parser.Parse(Fixtures.AskWrite);

        var ask = Assert.IsType<PermissionRequestEvent>(Assert.Single(parsed.Events));
        Assert.Equal("f9f78f2f-1111-4a2b-8c3d-0123456789ab", ask.RequestId);
        Assert.Equal(("Write", "toolu_01W", "hello.txt"), (ask.ToolName, ask.ToolUseId, ask.Description));
        Assert.Equal("/work/repo/hello.txt", ask.Input.GetProperty("file_path").GetString());
        Assert.Equal("setMode", ask.Suggestions!.Value[0].GetProperty("type").GetString());
        Assert.False(ask.RequiresUserInteraction);
        Assert.Equal(new ControlRequestMessage(ask.RequestId, "can_use_tool"), parsed.Control);
    }

    [Fact]
    public void Bash_ask_keeps_add_rules_suggestions_and_blocked_path()
    {
        var ask = Assert.IsType<PermissionRequestEvent>(Assert.Single(_parser.Parse(Fixtures.AskBash).Events));

        Assert.Equal("/work/repo/made-by-bash.txt", ask.BlockedPath);
        var rule = ask.Suggestions!.Value[0];
        Assert.Equal("addRules", rule.GetProperty("type").GetString());
        Assert.Equal("touch made-by-bash.txt", rule.GetProperty("rules")[0].GetProperty("ruleContent").GetString());
    }

    [Fact]
    public void Exit_plan_mode_ask_requires_user_interaction()
    {
        var ask = Assert.IsType<PermissionRequestEvent>(Assert.Single(_parser.Parse(Fixtures.AskExitPlanMode).Events));

        Assert.True(ask.RequiresUserInteraction);
        Assert.Equal("mode", ask.DecisionReason);
        Assert.Null(ask.Suggestions);
        Assert.Equal(JsonValueKind.Object, ask.Input.ValueKind);
    }

    [Fact]
    public void Other_cli_requests_are_control_messages_without_events()
    {
        var parsed = _parser.Parse(Fixtures.HookCallback);

        Assert.Empty(parsed.Events);
        Assert.Equal(new ControlRequestMessage("hook-1", "hook_callback"), parsed.Control);
    }

    [Fact]
    public void Control_responses_carry_success_or_error()
    {
        var ok = Assert.IsType<ControlResponseMessage>(_parser.Parse(Fixtures.InterruptReply).Control);
        var failed = Assert.IsType<ControlResponseMessage>(_parser.Parse(Fixtures.ErrorReply).Control);

        Assert.True(ok.Success);
        Assert.Equal("grove-1", ok.RequestId);
        Assert.Equal(JsonValueKind.Array, ok.Response!.Value.GetProperty("still_queued").ValueKind);
        Assert.False(failed.Success);
        Assert.Equal("Unsupported control request subtype: nope", failed.Error);
    }

    [Fact]
    public void Cancel_request_is_a_control_message()
    {
        Assert.Equal(new ControlCancelMessage("f9f78f2f-1111-4a2b-8c3d-0123456789ab"), _parser.Parse(Fixtures.CancelRequest).Control);
    }
}
