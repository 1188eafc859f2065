using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Web.Transcript;

namespace Grove.Web.Tests.Transcript;

public sealed class TranscriptFoldTests
{
    private const string Tab = "tab1";

    private static TranscriptFold Fold(params AgentEvent[] events)
    {
        var fold = new TranscriptFold();
        foreach (var row in Ev.Rows(Tab, events))
        {
            fold.Apply(row);
        }

        return fold;
    }

    [Fact]
    public void Streaming_deltas_then_the_final_text_make_one_message()
    {
        var fold = Fold(Ev.User("hi"));

        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", "Hel")));
        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", "lo **wor")));
        var streaming = Assert.IsType<AssistantTextItem>(fold.Items[^1]);
        Assert.True(streaming.Streaming);
        Assert.Equal("Hello **wor", streaming.Text);
        Assert.Null(streaming.Sequence);

        fold.Apply(AgentEventKinds.Text, AgentEventJson.Serialize(Ev.Text("m1", "Hello **world**")), 2);

        var messages = fold.Items.OfType<AssistantTextItem>().ToList();
        var message = Assert.Single(messages);
        Assert.Same(streaming, message);
        Assert.False(message.Streaming);
        Assert.Equal("Hello **world**", message.Text);
        Assert.Equal(2, message.Sequence);
    }

    [Fact]
    public void Two_blocks_of_one_message_stream_apart_and_complete_in_order()
    {
        var fold = Fold(Ev.User("hi"));
        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", "first", index: 0)));
        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", "thinking", index: 1, kind: DeltaKind.Thinking)));
        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", "second", index: 2)));

        fold.Apply(AgentEventKinds.Text, AgentEventJson.Serialize(Ev.Text("m1", "First.")), 2);
        fold.Apply(AgentEventKinds.Thinking, AgentEventJson.Serialize(Ev.Thinking("m1", "Thought.")), 3);
        fold.Apply(AgentEventKinds.Text, AgentEventJson.Serialize(Ev.Text("m1", "Second.")), 4);

        Assert.Equal(["user", "assistant", "thinking", "assistant"], fold.Items.Select(i => i.DataKind));
        Assert.Equal(["First.", "Second."], fold.Items.OfType<AssistantTextItem>().Select(t => t.Text));
        Assert.All(fold.Items.OfType<AssistantTextItem>(), t => Assert.False(t.Streaming));
    }

    [Fact]
    public void A_partial_checkpoint_restores_streaming_text_and_the_final_text_replaces_it()
    {
        var fold = Fold(Ev.User("hi"));
        fold.Apply(Ev.Partial(Tab, 2, "m1", "Half a sen"));
        fold.Apply(Ev.Partial(Tab, 3, "m1", "Half a sentence so far"));

        var restored = Assert.IsType<AssistantTextItem>(fold.Items[^1]);
        Assert.Equal("Half a sentence so far", restored.Text);
        Assert.True(restored.Streaming);

        fold.Apply(Ev.Live(Tab, Ev.Delta("m1", ", and more")));
        Assert.Equal("Half a sentence so far, and more", restored.Text);

        fold.Apply(AgentEventKinds.Text, AgentEventJson.Serialize(Ev.Text("m1", "The whole sentence.")), 4);
        Assert.Equal("The whole sentence.", Assert.Single(fold.Items.OfType<AssistantTextItem>()).Text);
    }

    [Fact]
    public void A_turn_that_ended_without_its_final_text_keeps_the_partial_text_as_final()
    {
        var fold = Fold(Ev.User("hi"));
        fold.Apply(Ev.Partial(Tab, 2, "m1", "Cut off mid"));
        fold.Apply(Ev.Status(Tab, "error"));

        var text = Assert.IsType<AssistantTextItem>(fold.Items[^1]);
        Assert.False(text.Streaming);
        Assert.Equal("Cut off mid", text.Text);
    }

    [Fact]
    public void Tool_results_pair_with_their_calls_by_id()
    {
        var fold = Fold(
            Ev.User("look"),
            Ev.Tool("t1", "Read", new { file_path = "a.cs" }),
            Ev.Tool("t2", "Bash", new { command = "ls" }),
            Ev.Result("t2", "a.cs\nb.cs"),
            Ev.Result("t1", "class A {}"));

        var tools = fold.Items.OfType<ToolCallItem>().ToList();
        Assert.Equal(2, tools.Count);
        Assert.Equal("class A {}", tools.Single(t => t.Name == "Read").Result!.Content);
        Assert.Equal("a.cs\nb.cs", tools.Single(t => t.Name == "Bash").Result!.Content);
        Assert.Equal(ToolKind.Compact, tools[0].Tool);
        Assert.Equal(ToolKind.Bash, tools[1].Tool);
    }

    [Fact]
    public void A_permission_request_attaches_to_its_tool_card_and_its_decision_closes_it()
    {
        var fold = Fold(
            Ev.Tool("t1", "Write", new { file_path = "a.txt", content = "x" }),
            Ev.Ask("r1", "t1", "Write", new { file_path = "a.txt", content = "x" }));

        var tool = Assert.Single(fold.Items.OfType<ToolCallItem>());
        Assert.NotNull(tool.Permission);
        Assert.True(tool.Permission!.IsOpen);
        Assert.False(tool.Permission.Actionable);

        fold.SetPending(new HashSet<string> { "r1" });
        Assert.True(tool.Permission.Actionable);

        fold.Apply(AgentEventKinds.PermissionDecision, AgentEventJson.Serialize(Ev.Decide("r1", false, "not now")), 3);
        Assert.False(tool.Permission.IsOpen);
        Assert.False(tool.Permission.Actionable);
        Assert.True(tool.IsDenied);
        Assert.Equal("not now", tool.Permission.Decision!.Message);
    }

    [Fact]
    public void A_request_that_comes_before_its_tool_use_makes_one_card()
    {
        var fold = Fold(
            Ev.Ask("r1", "t1", "Bash", new { command = "rm -rf build" }),
            Ev.Tool("t1", "Bash", new { command = "rm -rf build", description = "Clean" }),
            Ev.Decide("r1", true),
            Ev.Result("t1", ""));

        var tool = Assert.Single(fold.Items);
        var call = Assert.IsType<ToolCallItem>(tool);
        Assert.Equal("Clean", ToolInput.String(call.Input, "description"));
        Assert.True(call.Permission!.Decision!.Allowed);
        Assert.NotNull(call.Result);
    }

    [Fact]
    public void Sub_agent_events_nest_inside_the_task_call()
    {
        var fold = Fold(
            Ev.Tool("task", "Task", new { description = "Find usages", prompt = "Search", subagent_type = "Explore" }),
            Ev.Text("s1", "Searching.", parent: "task"),
            Ev.Tool("g1", "Grep", new { pattern = "Foo" }, parent: "task"),
            Ev.Result("g1", "a.cs:1", parent: "task"),
            Ev.Result("task", "Found 1 usage."));

        var task = Assert.IsType<ToolCallItem>(Assert.Single(fold.Items));
        Assert.Equal(ToolKind.Task, task.Tool);
        Assert.Equal(["assistant", "tool"], task.Children.Select(c => c.DataKind));
        Assert.All(task.Children, c => Assert.Same(task, c.Parent));
        Assert.Equal("a.cs:1", ((ToolCallItem)task.Children[1]).Result!.Content);
        Assert.Equal("Found 1 usage.", task.Result!.Content);
    }

    [Fact]
    public void A_child_change_marks_its_sub_agent_card_changed()
    {
        var fold = Fold(Ev.Tool("task", "Task", new { description = "x" }));
        var task = (ToolCallItem)fold.Items[0];
        var before = task.Version;

        fold.Apply(Ev.Live(Tab, Ev.Delta("s1", "streaming inside") with { ParentToolUseId = "task" }));

        Assert.True(task.Version > before);
        Assert.Single(task.Children);
    }

    [Fact]
    public void The_result_ends_the_turn_with_a_footer_and_marks_unfinished_tools()
    {
        var fold = Fold(
            Ev.User("go"),
            Ev.Tool("t1", "Bash", new { command = "sleep 100" }),
            Ev.Ask("r1", "t2", "Write", new { file_path = "x" }),
            Ev.Done(cost: 0.5m, input: 10, output: 20, ms: 3000, turns: 3));

        var bash = fold.Items.OfType<ToolCallItem>().Single(t => t.Name == "Bash");
        Assert.True(bash.Unfinished);
        Assert.False(bash.IsRunning);
        var write = fold.Items.OfType<ToolCallItem>().Single(t => t.Name == "Write");
        Assert.True(write.Permission!.TurnEnded);
        var footer = Assert.IsType<TurnFooterItem>(fold.Items[^1]);
        Assert.Equal(0.5m, footer.Result.CostUsd);
        Assert.Equal(3, footer.Result.NumTurns);
    }

    [Fact]
    public void Consecutive_retries_collapse_into_one_notice()
    {
        var fold = Fold(
            Ev.User("go"),
            new RetryEvent(1, 10) { ErrorStatus = 529, DelayMs = 1000 },
            new RetryEvent(2, 10) { ErrorStatus = 529, DelayMs = 2000 });

        var notice = Assert.IsType<NoticeItem>(fold.Items[^1]);
        Assert.Equal(NoticeKind.Retry, notice.Kind);
        Assert.Equal(2, notice.Count);
        Assert.Contains("attempt 2 of 10", notice.Text, StringComparison.Ordinal);
        Assert.Contains("529", notice.Text, StringComparison.Ordinal);
        Assert.Equal(2, fold.Items.Count);
    }

    [Fact]
    public void Agent_user_texts_become_notices_and_system_notices_are_shown()
    {
        var fold = Fold(
            Ev.User("go"),
            new UserEvent("[Request interrupted by user]") { FromAgent = true },
            new SystemEvent("grove_notice", Ev.Obj(new { message = "Grove started a new session." })),
            new SystemEvent("hook_started", Ev.Obj(new { })));

        Assert.Equal(["user", "notice", "notice"], fold.Items.Select(i => i.DataKind));
        Assert.Equal(NoticeKind.Interrupted, ((NoticeItem)fold.Items[1]).Kind);
        Assert.Equal("Grove started a new session.", ((NoticeItem)fold.Items[2]).Text);
    }

    [Fact]
    public void A_session_notice_appears_once_per_session_and_mode_changes_are_noted()
    {
        var fold = Fold(
            Ev.User("a"), Ev.Init("s1"), Ev.Done(),
            Ev.User("b"), Ev.Init("s1"), new StatusEvent(null) { PermissionMode = "plan" }, Ev.Done(),
            Ev.User("c"), Ev.Init("s2"), Ev.Done());

        Assert.Equal(2, fold.Items.Count(i => i.DataKind == "init"));
        var mode = Assert.Single(fold.Items.OfType<NoticeItem>(), n => n.Kind == NoticeKind.Mode);
        Assert.Contains("plan mode", mode.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_request_is_no_longer_open()
    {
        var fold = Fold(
            Ev.Ask("r1", "t1", "Bash", new { command = "x" }),
            new SystemEvent("permission_cancelled", Ev.Obj(new { request_id = "r1" })));

        var tool = Assert.IsType<ToolCallItem>(Assert.Single(fold.Items));
        Assert.True(tool.Permission!.Cancelled);
        Assert.Empty(fold.OpenRequests);
    }

    [Fact]
    public void Queued_messages_count_down_as_their_turns_start()
    {
        var fold = Fold(Ev.User("first"));
        fold.Apply(new LiveEvent(Tab, null, "queued", """{"position":1}""", DateTimeOffset.UnixEpoch));
        fold.Apply(new LiveEvent(Tab, null, "queued", """{"position":2}""", DateTimeOffset.UnixEpoch));
        Assert.Equal(2, fold.Queued);

        fold.Apply(AgentEventKinds.User, AgentEventJson.Serialize(Ev.User("second")), 2);
        Assert.Equal(1, fold.Queued);
    }

    [Fact]
    public void Stale_sequences_unknown_kinds_and_unreadable_payloads_are_skipped()
    {
        var fold = Fold(Ev.User("one"), Ev.Text("m1", "two"));

        Assert.False(fold.Apply(AgentEventKinds.User, AgentEventJson.Serialize(Ev.User("again")), 2));
        Assert.False(fold.Apply("something_new", "{}", 3));
        Assert.False(fold.Apply(AgentEventKinds.Text, "{not json", 4));
        Assert.Equal(2, fold.Items.Count);
        Assert.Equal(4, fold.LastSequence);
    }

    [Fact]
    public void Folding_in_two_parts_with_prepend_equals_folding_everything_at_once()
    {
        var events = SampleTurns(3);
        var expected = Describe(Fold(events));

        for (var split = 1; split < events.Length; split++)
        {
            var rows = Ev.Rows(Tab, events);
            var earlier = new TranscriptFold();
            foreach (var row in rows.Take(split))
            {
                earlier.Apply(row);
            }

            var later = new TranscriptFold();
            foreach (var row in rows.Skip(split))
            {
                later.Apply(row);
            }

            later.Prepend(earlier);
            Assert.True(expected == Describe(later), $"Split at {split}:\n{Describe(later)}\n--- expected ---\n{expected}");
            Assert.Equal(1, later.FirstSequence);
        }
    }

    [Fact]
    public void Ten_thousand_events_fold_into_items()
    {
        var turns = SampleTurns(500);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var fold = Fold(turns);
        stopwatch.Stop();

        Assert.True(turns.Length >= 10_000, $"{turns.Length} events");
        Assert.Equal(500, fold.Items.Count(i => i is UserMessageItem));
        Assert.Equal(500, fold.Items.Count(i => i is TurnFooterItem));
        Assert.All(fold.Items.OfType<ToolCallItem>().Where(t => t.Name == "Bash"), t => Assert.NotNull(t.Result));
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"Folded {turns.Length} events into {fold.Items.Count} items in {stopwatch.Elapsed.TotalMilliseconds:0.0} ms");
    }

    /// <summary>Realistic turns: thinking, text, tools with results, a sub-agent, a permission ask and its answer, a retry, the result.</summary>
    internal static AgentEvent[] SampleTurns(int count)
    {
        var events = new List<AgentEvent>();
        for (var turn = 0; turn < count; turn++)
        {
            var m = $"msg{turn}";
            events.Add(Ev.User($"Please do task {turn}"));
            events.Add(Ev.Init("s1"));
            events.Add(Ev.Thinking(m, "Let me look at the code first."));
            events.Add(Ev.Text(m, $"I'll start with **step {turn}**."));
            events.Add(Ev.Tool($"read{turn}", "Read", new { file_path = $"src/file{turn}.cs" }, m));
            events.Add(Ev.Result($"read{turn}", "namespace A;\nclass B {}"));
            events.Add(Ev.Tool($"task{turn}", "Task", new { description = "Explore", prompt = "Find things", subagent_type = "Explore" }, m));
            events.Add(Ev.Text($"sub{turn}", "Looking around.", parent: $"task{turn}"));
            events.Add(Ev.Tool($"grep{turn}", "Grep", new { pattern = "B" }, $"sub{turn}", parent: $"task{turn}"));
            events.Add(Ev.Result($"grep{turn}", "src/file.cs:2", parent: $"task{turn}"));
            events.Add(Ev.Result($"task{turn}", "Found it in src/file.cs."));
            events.Add(new RetryEvent(1, 10) { ErrorStatus = 529, DelayMs = 500 });
            events.Add(Ev.Tool($"edit{turn}", "Edit", new { file_path = $"src/file{turn}.cs", old_string = "class B {}", new_string = "class B { int X; }" }, m));
            events.Add(Ev.Ask($"req{turn}", $"edit{turn}", "Edit", new { file_path = $"src/file{turn}.cs" }));
            events.Add(Ev.Decide($"req{turn}", turn % 2 == 0, turn % 2 == 0 ? null : "no"));
            events.Add(Ev.Result($"edit{turn}", turn % 2 == 0 ? "The file was updated." : "The user denied this.", error: turn % 2 != 0));
            events.Add(Ev.Tool($"bash{turn}", "Bash", new { command = "dotnet test", description = "Run the tests" }, m));
            events.Add(Ev.Result($"bash{turn}", "Passed: 12"));
            events.Add(Ev.Tool($"todo{turn}", "TodoWrite", new { todos = new[] { new { content = "Do it", status = "completed", activeForm = "Doing it" } } }, m));
            events.Add(Ev.Result($"todo{turn}", "ok"));
            events.Add(Ev.Text($"{m}b", "Done with this step."));
            events.Add(Ev.Done());
        }

        return [.. events];
    }

    /// <summary>Everything a view shows of the items, as text, to compare folds.</summary>
    internal static string Describe(TranscriptFold fold)
    {
        var text = new System.Text.StringBuilder();
        void Write(IEnumerable<TranscriptItem> items, string indent)
        {
            foreach (var item in items)
            {
                text.Append(indent).Append(item.DataKind).Append(" seq=").Append(item.Sequence).Append(' ');
                switch (item)
                {
                    case UserMessageItem u:
                        text.Append(u.Text);
                        break;
                    case AssistantTextItem a:
                        text.Append(a.Text).Append(a.Streaming ? " (streaming)" : "");
                        break;
                    case ThinkingItem t:
                        text.Append(t.Text);
                        break;
                    case ToolCallItem tool:
                        text.Append(tool.Name).Append(" result=").Append(tool.Result?.Content ?? "-").Append(" unfinished=").Append(tool.Unfinished)
                            .Append(" permission=").Append(tool.Permission is { } p ? $"{p.RequestId}:{p.Decision?.Allowed}:{p.TurnEnded}:{p.Cancelled}" : "-");
                        text.AppendLine();
                        Write(tool.Children, indent + "  ");
                        continue;
                    case NoticeItem n:
                        text.Append(n.Kind).Append(' ').Append(n.Text).Append(" x").Append(n.Count);
                        break;
                    case TurnFooterItem f:
                        text.Append(f.Result.CostUsd);
                        break;
                    case ErrorItem e:
                        text.Append(e.Error.Message);
                        break;
                }

                text.AppendLine();
            }
        }

        Write(fold.Items, "");
        return text.ToString();
    }
}
