using System.Text.Json;

namespace Grove.Testing.Tests;

/// <summary>The real CLI, run as Grove runs it, against the fake server: one text turn.</summary>
[Collection(ClaudeCliCollection.Name)]
public sealed class ClaudeCliTextTurnTests
{
    [Fact]
    public async Task TextTurn_StreamsInitPartialsAssistantAndResult_AndSendsOneRequest()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        api.Enqueue(FakeResponse.Text("Hello from ", "the fake model."));
        using var repo = TestRepository.Create();
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Say hello, please.", ct);
        var result = await claude.WaitForResultAsync(ct);

        var lines = claude.Lines;
        var init = Assert.Single(lines, l => ClaudeCliProcess.IsType(l, "system", "init"));
        Assert.Equal(repo.Path, init.GetProperty("cwd").GetString());
        Assert.Equal(ClaudeCliHarness.Version, init.GetProperty("claude_code_version").GetString());
        Assert.Equal("ANTHROPIC_API_KEY", init.GetProperty("apiKeySource").GetString());
        Assert.Contains(lines, l => ClaudeCliProcess.IsType(l, "stream_event")
            && l.GetProperty("event").GetProperty("type").GetString() == "content_block_delta"
            && l.GetProperty("event").GetProperty("delta").GetProperty("text").GetString() == "Hello from ");
        var assistant = Assert.Single(lines, l => ClaudeCliProcess.IsType(l, "assistant"));
        Assert.Equal("Hello from the fake model.", assistant.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("Hello from the fake model.", result.GetProperty("result").GetString());
        var sessionId = result.GetProperty("session_id").GetString();
        Assert.False(string.IsNullOrEmpty(sessionId));
        Assert.Equal(sessionId, init.GetProperty("session_id").GetString());

        var request = Assert.Single(api.Requests);
        Assert.Equal("/v1/messages", request.Path);
        Assert.Equal("?beta=true", request.QueryString);
        Assert.Equal("test-key", request.Headers["x-api-key"]);
        Assert.StartsWith($"claude-cli/{ClaudeCliHarness.Version} ", request.Headers["User-Agent"]);
        Assert.Equal(sessionId, request.Headers["X-Claude-Code-Session-Id"]);
        Assert.Contains(request.Messages, m => m.GetProperty("role").GetString() == "system");
        Assert.True(request.Stream);
        Assert.Contains("Say hello, please.", request.LastUserText);
        Assert.Contains("Write", request.ToolNames);
        Assert.Empty(api.Problems);
        Assert.Empty(claude.NonJsonLines);
    }
}
