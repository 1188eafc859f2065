using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

/// <summary>Lines recorded from the real CLI (see Recorded/README.md) parse into the expected events.</summary>
public sealed class RecordedOutputTests
{
    private static List<AgentEvent> Parse(string name, out List<ControlMessage> controls)
    {
        var parser = new StreamJsonParser();
        var events = new List<AgentEvent>();
        controls = [];
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Recorded", name)))
        {
            var parsed = parser.Parse(line);
            events.AddRange(parsed.Events);
            if (parsed.Control is { } control)
            {
                controls.Add(control);
            }
        }

        Assert.DoesNotContain(events, e => e is ErrorEvent { ErrorKind: AgentErrorKind.MalformedOutput });
        return events;
    }

    [Fact]
    public void Allowed_write_turn()
    {
        var events = Parse("write-turn-allowed.jsonl", out var controls);

        Assert.Equal(
            ["status", "status", "init", "status", "delta", "tool_use", "permission_request", "status", "tool_result", "status", "delta", "text", "result"],
            events.Select(e => e.Kind));
        Assert.Equal(["grove-2", "grove-3", "grove-4"], controls.OfType<ControlResponseMessage>().Select(c => c.RequestId));
        var ask = events.OfType<PermissionRequestEvent>().Single();
        var tool = events.OfType<ToolUseEvent>().Single();
        Assert.Equal(("Write", tool.ToolUseId), (ask.ToolName, ask.ToolUseId));
        Assert.Equal("setMode", ask.Suggestions!.Value[0].GetProperty("type").GetString());
        var result = events.OfType<ToolResultEvent>().Single();
        Assert.Equal("create", result.ToolUseResult!.Value.GetProperty("type").GetString());
        Assert.NotNull(result.Meta);
        var end = events.OfType<ResultEvent>().Single();
        Assert.Equal((false, "done", "completed", 2), (end.IsError, end.ResultText, end.TerminalReason, end.NumTurns));
        Assert.True(end.CostUsd > 0);
        var init = events.OfType<InitEvent>().Single();
        Assert.Equal(("2.1.328", "default"), (init.CliVersion, init.PermissionMode));
        Assert.Contains("ExitPlanMode", init.Tools);
    }

    [Fact]
    public void Interrupted_turns_end_with_aborted_results_and_no_error_events()
    {
        var events = Parse("interrupted-turn.jsonl", out _);

        var results = events.OfType<ResultEvent>().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(("aborted_streaming", true), (r.TerminalReason, r.IsError)));
        Assert.Equal(2, events.Count(e => e is UserEvent { FromAgent: true, Content: "[Request interrupted by user]" }));
        Assert.DoesNotContain(events, e => e is ErrorEvent);
    }

    [Fact]
    public void Not_logged_in_is_one_error_before_the_result()
    {
        var events = Parse("not-logged-in.jsonl", out _);

        var error = Assert.Single(events.OfType<ErrorEvent>());
        Assert.Equal(AgentErrorKind.NotLoggedIn, error.ErrorKind);
        Assert.IsType<ResultEvent>(events[events.IndexOf(error) + 1]);
    }

    [Fact]
    public void Unknown_resume_is_session_not_found()
    {
        var events = Parse("resume-not-found.jsonl", out _);

        Assert.Equal(AgentErrorKind.SessionNotFound, Assert.Single(events.OfType<ErrorEvent>()).ErrorKind);
        Assert.True(Assert.Single(events.OfType<ResultEvent>()).IsError);
    }
}
