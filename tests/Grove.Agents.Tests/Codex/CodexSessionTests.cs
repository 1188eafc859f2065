using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Testing;

namespace Grove.Agents.Tests.Codex;

/// <summary>Grove's Codex driver against the real Codex CLI 0.171.0 and a fake Responses API on loopback.</summary>
public sealed class CodexSessionTests
{
    private static CancellationToken Token => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_reply_streams_as_deltas_then_text_and_a_result_with_usage()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Thinking("Considering the greeting.", "Hello from the fake model"));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Say hello", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);

        var init = events.OfType<InitEvent>().Single();
        Assert.Equal(session.SessionId, init.SessionId);
        Assert.Equal((CodexCliHarness.Model, "0.171.0"), (init.Model, init.CliVersion));
        Assert.Equal("Say hello", events.OfType<UserEvent>().Single().Content);
        Assert.Equal("Hello from the fake model", string.Concat(events.OfType<DeltaEvent>().Where(d => d.DeltaKind == DeltaKind.Text).Select(d => d.Delta)));
        Assert.Equal("Hello from the fake model", events.OfType<TextEvent>().Single().Content);
        Assert.Equal("Considering the greeting.", events.OfType<ThinkingEvent>().Single().Content);
        var result = events.OfType<ResultEvent>().Single();
        Assert.Equal((false, "completed", "Hello from the fake model", init.SessionId), (result.IsError, result.TerminalReason, result.ResultText, result.SessionId));
        Assert.Equal((100L, 20L), (result.InputTokens, result.OutputTokens));
        Assert.Null(result.CostUsd); // gpt-5.5 has no price in Grove's table
        Assert.Equal("Say hello", (await bed.Api.WaitForRequestAsync(1, ct)).LastUserText);
        Assert.Equal("Bearer sk-test-key", bed.Api.Requests[0].Headers["Authorization"]);
        bed.Api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task An_attached_image_reaches_the_model_as_an_input_image()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("A red pixel."));
        await using var session = await bed.StartAsync(ct);
        byte[] png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

        await session.SendUserMessageAsync("What is this?", [new AgentImage("image/png", png)], ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);

        Assert.Equal(1, events.OfType<UserEvent>().Single().ImageCount);
        var request = await bed.Api.WaitForRequestAsync(1, ct);
        Assert.Contains("data:image/png;base64,iVBORw0KGgo", request.Body, StringComparison.Ordinal);
        Assert.Contains("input_image", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_shell_command_runs_and_its_output_is_the_tool_result()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Shell("call_touch", "touch made-by-codex.txt && echo created"), FakeResponsesTurn.Text("Made it."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Make a file", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct);
        var ask = events.OfType<PermissionRequestEvent>().Single();
        Assert.Equal(("Bash", "touch made-by-codex.txt && echo created"), (ask.ToolName, ask.Input.GetProperty("command").GetString()));
        Assert.Equal("call_touch", ask.ToolUseId);
        Assert.Equal(ask.ToolUseId, events.OfType<ToolUseEvent>().Single().ToolUseId);
        Assert.False(File.Exists(Path.Combine(bed.Repository.Path, "made-by-codex.txt")));

        await session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct, events);

        Assert.True(File.Exists(Path.Combine(bed.Repository.Path, "made-by-codex.txt")));
        Assert.True(events.OfType<PermissionDecisionEvent>().Single().Allowed);
        var result = events.OfType<ToolResultEvent>().Single(r => r.ToolUseId == "call_touch");
        Assert.False(result.IsError);
        Assert.Contains("created", result.Content, StringComparison.Ordinal);
        Assert.Contains("created", (await bed.Api.WaitForRequestAsync(2, ct)).ToolOutput("call_touch"), StringComparison.Ordinal);
        Assert.Empty(session.PendingPermissions);
    }

    [Fact]
    public async Task A_denied_shell_command_does_not_run()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Shell("call_touch", "touch refused.txt"), FakeResponsesTurn.Text("OK, I won't."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Make a file", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct);
        await session.RespondToPermissionAsync(events.OfType<PermissionRequestEvent>().Single().RequestId, PermissionDecision.Deny("Not now."), ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct, events);

        Assert.False(File.Exists(Path.Combine(bed.Repository.Path, "refused.txt")));
        var decision = events.OfType<PermissionDecisionEvent>().Single();
        Assert.Equal((false, "Not now."), (decision.Allowed, decision.Message));
        Assert.True(events.OfType<ToolResultEvent>().Single(r => r.ToolUseId == "call_touch").IsError);
        Assert.Contains("rejected", (await bed.Api.WaitForRequestAsync(2, ct)).ToolOutput("call_touch"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, events.OfType<ResultEvent>().Single().DenialCount);
    }

    [Fact]
    public async Task An_approved_file_change_lands_in_the_worktree_as_a_Write_with_its_content()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.AddFile("call_patch", "notes/hello.txt", "hello from codex"), FakeResponsesTurn.Text("Added."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Add a note", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct);
        var ask = events.OfType<PermissionRequestEvent>().Single();
        var target = Path.Combine(bed.Repository.Path, "notes", "hello.txt");
        Assert.Equal(("Write", target), (ask.ToolName, ask.Input.GetProperty("file_path").GetString()));
        Assert.Equal("hello from codex\n", ask.Input.GetProperty("content").GetString());
        Assert.False(File.Exists(target));

        await session.RespondToPermissionAsync(ask.RequestId, PermissionDecision.AllowOnce(), ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct, events);

        Assert.Equal("hello from codex\n", await File.ReadAllTextAsync(target, ct));
        Assert.False(events.OfType<ToolResultEvent>().Single(r => r.ToolUseId == "call_patch").IsError);
        Assert.Contains("?? notes/", bed.Repository.Git("status", "--porcelain"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_ends_a_hanging_turn_as_aborted_and_the_process_takes_the_next_message()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponsesTurn.Hang(gate), FakeResponsesTurn.Text("Back again."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Take your time", cancellationToken: ct);
        await gate.Reached.WaitAsync(ct);
        await session.InterruptAsync(ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        var aborted = events.OfType<ResultEvent>().Single();
        Assert.Equal((true, "aborted_streaming"), (aborted.IsError, aborted.TerminalReason));
        Assert.False(session.HasExited);

        await session.SendUserMessageAsync("Again", cancellationToken: ct);
        var next = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        Assert.Equal("Back again.", next.OfType<ResultEvent>().Single().ResultText);
        gate.Release();
    }

    [Fact]
    public async Task Resume_sends_the_earlier_conversation_and_a_lost_thread_starts_fresh_with_a_notice()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("The secret word is heron."), FakeResponsesTurn.Text("You asked about the word."), FakeResponsesTurn.Text("Fresh start."));
        string threadId;
        await using (var first = await bed.StartAsync(ct))
        {
            await first.SendUserMessageAsync("Remember a word", cancellationToken: ct);
            await CodexBed.ReadUntilAsync(first, e => e is ResultEvent, ct);
            threadId = first.SessionId!;
            await first.StopAsync(TimeSpan.FromSeconds(5), ct);
        }

        await using (var resumed = await bed.StartAsync(ct, resume: threadId))
        {
            await resumed.SendUserMessageAsync("What did I ask?", cancellationToken: ct);
            var events = await CodexBed.ReadUntilAsync(resumed, e => e is ResultEvent, ct);
            Assert.Equal(threadId, events.OfType<InitEvent>().Single().SessionId);
            Assert.DoesNotContain(events, e => e is SystemEvent { Subtype: "grove_notice" });
            var request = await bed.Api.WaitForRequestAsync(2, ct);
            Assert.Contains("Remember a word", request.UserTexts);
            Assert.Contains("The secret word is heron.", request.AssistantTexts);
            Assert.Equal("What did I ask?", request.LastUserText);
        }

        await using var lost = await bed.StartAsync(ct, resume: "01a24e3d-0000-7000-8000-000000000000");
        await lost.SendUserMessageAsync("Hello?", cancellationToken: ct);
        var fresh = await CodexBed.ReadUntilAsync(lost, e => e is ResultEvent, ct);
        var notice = fresh.OfType<SystemEvent>().Single(e => e.Subtype == "grove_notice");
        Assert.Contains("could not be resumed", notice.Raw.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(threadId, fresh.OfType<InitEvent>().Single().SessionId);
        Assert.DoesNotContain("Remember a word", (await bed.Api.WaitForRequestAsync(3, ct)).UserTexts);
    }

    [Fact]
    public async Task A_failed_response_ends_the_turn_with_an_error_result_and_the_session_lives_on()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Error(400, "This model does not exist."), FakeResponsesTurn.Text("Recovered."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Hi", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        Assert.True(events.OfType<ResultEvent>().Single().IsError);
        Assert.Contains(events, e => e is ErrorEvent error && error.Message.Contains("does not exist", StringComparison.Ordinal));

        await session.SendUserMessageAsync("Again", cancellationToken: ct);
        var next = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        Assert.False(next.OfType<ResultEvent>().Single().IsError);
    }

    [Fact]
    public async Task Plan_mode_runs_read_only_and_switching_to_agent_mode_lets_the_next_turn_write()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("Planning."), FakeResponsesTurn.Text("Working."));
        await using var session = await bed.StartAsync(ct, mode: AgentMode.Plan);
        var writable = $"<entry access=\"write\"><path>{bed.Repository.Path}</path>";

        await session.SendUserMessageAsync("Plan it", cancellationToken: ct);
        var first = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        Assert.Equal("plan", first.OfType<InitEvent>().Single().PermissionMode);
        var planContext = string.Join("\n", (await bed.Api.WaitForRequestAsync(1, ct)).UserTexts);
        Assert.Contains("<permission_profile", planContext, StringComparison.Ordinal);
        Assert.DoesNotContain(writable, planContext, StringComparison.Ordinal);

        await session.SetPermissionModeAsync(PermissionModes.Default, ct);
        await session.SendUserMessageAsync("Do it", cancellationToken: ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        Assert.Contains(writable, string.Join("\n", (await bed.Api.WaitForRequestAsync(2, ct)).UserTexts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ends_the_process_without_an_error_event()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("Hi."));
        var session = await bed.StartAsync(ct);
        await session.InitializeAsync(ct);

        await session.StopAsync(TimeSpan.FromSeconds(5), ct);
        var events = new List<AgentEvent>();
        await foreach (var e in session.ReadEventsAsync(ct))
        {
            events.Add(e);
        }

        Assert.True(session.HasExited);
        Assert.DoesNotContain(events, e => e is ErrorEvent);
        await session.DisposeAsync();
    }
}
