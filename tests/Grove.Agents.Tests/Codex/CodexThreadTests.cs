using System.Diagnostics;
using Grove.Core.Agents;
using Grove.Testing;

namespace Grove.Agents.Tests.Codex;

/// <summary>Codex's stored threads through the real CLI: read back after a crash, and forked at a message.</summary>
public sealed class CodexThreadTests
{
    private static CancellationToken Token => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_thread_whose_process_was_killed_mid_turn_is_read_back_with_what_Codex_did_under_the_live_ids()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        var gate = new FakeGate();
        bed.Api.Enqueue(
            FakeResponsesTurn.Thinking("Noting it.", "Noted."),
            FakeResponsesTurn.Shell("call_echo", "echo kept-by-codex"),
            FakeResponsesTurn.Hang(gate));
        var session = await bed.StartAsync(ct);
        await session.SendUserMessageAsync("Note this", cancellationToken: ct);
        var live = await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
        await session.SendUserMessageAsync("Run it", cancellationToken: ct);
        await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct, live);
        await session.RespondToPermissionAsync(live.OfType<PermissionRequestEvent>().Single().RequestId, PermissionDecision.AllowOnce(), ct);
        await CodexBed.ReadUntilAsync(session, e => e is ToolResultEvent { ToolUseId: "call_echo" }, ct, live);
        await gate.Reached.WaitAsync(ct);

        // Grove dies mid-turn: the kernel kills the agent's tree with it.
        var threadId = session.SessionId!;
        using (var process = Process.GetProcessById(session.ProcessId))
        {
            process.Kill(entireProcessTree: true);
        }

        await CodexBed.ReadUntilAsync(session, e => e is ErrorEvent { ErrorKind: AgentErrorKind.ProcessExited }, ct, live);
        await session.DisposeAsync();
        gate.Release();

        var read = await bed.Reader.ReadAsync(bed.Cli.Home, null, threadId, ct);

        Assert.Equal(
            ["thinking", "text", "tool_use", "tool_result"],
            read.Select(e => e.Kind));
        Assert.Equal(live.OfType<ThinkingEvent>().Single(), read.OfType<ThinkingEvent>().Single());
        Assert.Equal(live.OfType<TextEvent>().Single(), read.OfType<TextEvent>().Single());
        var use = read.OfType<ToolUseEvent>().Single();
        Assert.Equal(live.OfType<ToolUseEvent>().Single().MessageId, use.MessageId);
        Assert.Equal(("call_echo", "Bash", "echo kept-by-codex"), (use.ToolUseId, use.Name, use.Input.GetProperty("command").GetString()));
        var result = read.OfType<ToolResultEvent>().Single();
        Assert.Equal(("call_echo", false), (result.ToolUseId, result.IsError));
        Assert.Contains("kept-by-codex", result.Content, StringComparison.Ordinal);

        Assert.Empty(await bed.Reader.ReadAsync(bed.Cli.Home, null, "01a24e3d-0000-7000-8000-000000000000", ct));
    }

    [Fact]
    public async Task A_fork_at_an_earlier_message_resumes_with_the_conversation_up_to_it_and_leaves_the_original_alone()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        bed.Api.Enqueue(FakeResponsesTurn.Text("The word is heron."), FakeResponsesTurn.Text("The word is now crane."), FakeResponsesTurn.Text("It was heron."));
        string threadId;
        TextEvent first;
        await using (var session = await bed.StartAsync(ct))
        {
            await session.SendUserMessageAsync("Remember heron", cancellationToken: ct);
            first = (await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct)).OfType<TextEvent>().Single();
            await session.SendUserMessageAsync("Now remember crane", cancellationToken: ct);
            await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct);
            threadId = session.SessionId!;
            await session.StopAsync(TimeSpan.FromSeconds(5), ct);
        }

        var forkId = await bed.Forker.ForkAsync(bed.Cli.Home, threadId, first.MessageId!, ct);
        Assert.NotEqual(threadId, forkId);

        await using (var fork = await bed.StartAsync(ct, resume: forkId))
        {
            await fork.SendUserMessageAsync("Which word?", cancellationToken: ct);
            var events = await CodexBed.ReadUntilAsync(fork, e => e is ResultEvent, ct);
            Assert.DoesNotContain(events, e => e is SystemEvent { Subtype: "grove_notice" });
            Assert.Equal(forkId, events.OfType<InitEvent>().Single().SessionId);
        }

        var request = await bed.Api.WaitForRequestAsync(3, ct);
        Assert.Contains("Remember heron", request.UserTexts);
        Assert.Contains("The word is heron.", request.AssistantTexts);
        Assert.DoesNotContain("Now remember crane", request.UserTexts);
        Assert.DoesNotContain("The word is now crane.", request.AssistantTexts);
        Assert.Equal("Which word?", request.LastUserText);

        var original = await bed.Reader.ReadAsync(bed.Cli.Home, null, threadId, ct);
        Assert.Equal(["The word is heron.", "The word is now crane."], original.OfType<TextEvent>().Select(t => t.Content));
        var missing = await Assert.ThrowsAsync<Grove.Core.Errors.GroveException>(() => bed.Forker.ForkAsync(bed.Cli.Home, threadId, "msg_not_there", ct));
        Assert.Equal(Grove.Core.Errors.ErrorKind.NotFound, missing.Kind);
    }
}
