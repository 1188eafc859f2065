using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grove.Testing.Tests;

/// <summary>Retries, resume, interrupt, streaming and a script that runs out, with the real CLI.</summary>
[Collection(ClaudeCliCollection.Name)]
public sealed class ClaudeCliSessionTests
{
    [Fact]
    public async Task Overloaded_Once_IsRetried_WithAnApiRetryLine_AndTheTurnSucceeds()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Overloaded(), FakeResponse.Text("Second time lucky."));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Hello?", ct);
        var retry = await claude.WaitForTypeAsync("system", "api_retry", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.Equal(529, retry.GetProperty("error_status").GetInt32());
        Assert.Equal(ClaudeCliHarness.DefaultMaxRetries, retry.GetProperty("max_retries").GetInt32());
        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("Second time lucky.", result.GetProperty("result").GetString());
        Assert.Equal(2, api.RequestCount);
        api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task ScriptExhausted_FailsTheTurnAtOnce_AndIsRecordedAsAProblem()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Anyone there?", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.True(result.GetProperty("is_error").GetBoolean());
        Assert.Equal(1, api.RequestCount);
        Assert.Contains("script exhausted", Assert.Single(api.Problems));
        Assert.Contains(claude.Lines, l => ClaudeCliProcess.IsType(l, "assistant")
            && l.GetRawText().Contains(FakeAnthropicServer.ScriptExhaustedMessage));
    }

    [Fact]
    public async Task Resume_InANewProcess_SendsTheEarlierConversation_UnderTheSameSessionId()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("The answer is 42."), FakeResponse.Text("You asked about the answer."));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);

        string sessionId;
        await using (var first = harness.StartBidirectional(repo.Path))
        {
            await first.SendUserMessageAsync("What is the answer?", ct);
            sessionId = (await first.WaitForResultAsync(ct)).GetProperty("session_id").GetString()!;
            first.CloseStandardInput();
            Assert.Equal(0, await first.WaitForExitAsync(ct));
        }

        Assert.True(File.Exists(Path.Combine(harness.ProjectFolder(repo.Path), sessionId + ".jsonl")));
        await using var second = harness.StartBidirectional(repo.Path, "--resume", sessionId);
        await second.SendUserMessageAsync("What did I ask?", ct);
        var result = await second.WaitForResultAsync(ct);

        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal(sessionId, result.GetProperty("session_id").GetString());
        var resumed = await api.WaitForRequestAsync(2, ct);
        Assert.Contains(resumed.TextsOf("user"), t => t.Contains("What is the answer?"));
        Assert.Contains(resumed.TextsOf("assistant"), t => t.Contains("The answer is 42."));
        Assert.Contains("What did I ask?", resumed.LastUserText);
    }

    [Fact]
    public async Task Interrupt_DuringAHangingResponse_EndsTheTurn_AndTheNextMessageWorks()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var hang = new FakeGate();
        api.Enqueue(FakeResponse.Hang(hang), FakeResponse.Text("Back again."));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Take your time.", ct);
        await hang.Reached.WaitAsync(ct);
        var interruptId = await claude.SendControlRequestAsync(new JsonObject { ["subtype"] = "interrupt" }, ct);
        var (reply, interrupted) = await ReadReplyAndResultAsync(claude, interruptId, ct);

        Assert.Equal("success", reply.GetProperty("response").GetProperty("subtype").GetString());
        Assert.Equal("aborted_streaming", interrupted.GetProperty("terminal_reason").GetString());
        Assert.Contains(claude.Lines, l => ClaudeCliProcess.IsType(l, "user")
            && l.GetRawText().Contains("[Request interrupted by user]"));
        Assert.False(hang.IsReleased);

        await claude.SendUserMessageAsync("Still there?", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("Back again.", result.GetProperty("result").GetString());
        Assert.Equal(2, api.RequestCount);
        Assert.Contains("Still there?", api.LastUserText);
    }

    [Fact]
    public async Task PausedStream_ShowsTheFirstDeltaBeforeTheMessageCompletes()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Text("first half, ", "second half.").WithPauseBeforeDelta(1, gate));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Stream it.", ct);
        await claude.WaitForAsync(l => ClaudeCliProcess.IsType(l, "stream_event")
            && l.GetProperty("event").TryGetProperty("delta", out var d)
            && d.TryGetProperty("text", out var text) && text.GetString() == "first half, ", ct);
        await gate.Reached.WaitAsync(ct);

        Assert.DoesNotContain(claude.Lines, l => ClaudeCliProcess.IsType(l, "assistant"));
        gate.Release();
        var result = await claude.WaitForResultAsync(ct);
        Assert.Equal("first half, second half.", result.GetProperty("result").GetString());
    }

    private static async Task<(JsonElement Reply, JsonElement Result)> ReadReplyAndResultAsync(ClaudeCliProcess claude, string requestId, CancellationToken ct)
    {
        // The turn's result and the control_response may come in either order.
        JsonElement? reply = null;
        JsonElement? result = null;
        while (reply is null || result is null)
        {
            var line = await claude.ReadLineAsync(ct);
            if (ClaudeCliProcess.IsType(line, "control_response")
                && line.GetProperty("response").GetProperty("request_id").GetString() == requestId)
            {
                reply = line;
            }
            else if (ClaudeCliProcess.IsType(line, "result"))
            {
                result = line;
            }
        }

        return (reply.Value, result.Value);
    }
}
