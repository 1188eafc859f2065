namespace Grove.Testing.Tests;

/// <summary>How the real CLI treats scripted API errors and thinking blocks.</summary>
[Collection(ClaudeCliCollection.Name)]
public sealed class ClaudeCliErrorTests
{
    [Fact]
    public async Task BadRequest_IsResentFiveMoreTimesWithOtherBetas_ThenTheTurnFailsWithItsStatus()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Error(400, "invalid_request_error", "scripted bad request", repeat: 6));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Trigger a 400.", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.True(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("success", result.GetProperty("subtype").GetString());
        Assert.Equal("api_error", result.GetProperty("terminal_reason").GetString());
        Assert.Equal(400, result.GetProperty("api_error_status").GetInt32());
        Assert.Contains("scripted bad request", result.GetProperty("result").GetString());
        var requests = api.Requests;
        Assert.Equal(6, requests.Count);
        Assert.All(requests, r => Assert.Contains("Trigger a 400.", r.LastUserText));
        // Each re-send changes the beta set; the later ones also send the deferred tools' schemas.
        Assert.Equal(6, requests.Select(r => r.Headers["anthropic-beta"]).Distinct().Count());
        Assert.True(requests[^1].ToolNames.Count > requests[0].ToolNames.Count);
        Assert.DoesNotContain(claude.Lines, l => ClaudeCliProcess.IsType(l, "system", "api_retry"));
        api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task ThinkingBlock_BeforeText_IsStreamedAsItsOwnAssistantLine()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Message(FakeContentBlock.Thinking("The user wants a number."), FakeContentBlock.Text("7")));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Pick a number.", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("7", result.GetProperty("result").GetString());
        var blocks = claude.Lines.Where(l => ClaudeCliProcess.IsType(l, "assistant"))
            .Select(l => l.GetProperty("message").GetProperty("content")[0]).ToList();
        Assert.Equal(["thinking", "text"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("The user wants a number.", blocks[0].GetProperty("thinking").GetString());
        Assert.Contains(claude.Lines, l => ClaudeCliProcess.IsType(l, "system", "thinking_tokens"));
    }
}
