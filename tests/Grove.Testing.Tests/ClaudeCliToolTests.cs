using System.Text.Json;

namespace Grove.Testing.Tests;

/// <summary>The real CLI asks the host (stdio prompt tool) before a Write; the fake sees the tool_result.</summary>
[Collection(ClaudeCliCollection.Name)]
public sealed class ClaudeCliToolTests
{
    [Fact]
    public async Task WriteToolUse_Allowed_WritesTheFile_AndSendsTheToolResultBack()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var repo = TestRepository.Create();
        var file = Path.Combine(repo.Path, "hello.txt");
        var toolUseId = FakeContentBlock.NewToolUseId();
        api.Enqueue(
            FakeResponse.Message(
                FakeContentBlock.Text("I will write the file."),
                FakeContentBlock.ToolUse("Write", new { file_path = file, content = "hello from the fake model\n" }, toolUseId)),
            FakeResponse.Text("Done."));
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Write hello.txt", ct);
        var ask = await claude.WaitForControlRequestAsync("can_use_tool", ct);
        Assert.Equal("Write", ask.GetProperty("request").GetProperty("tool_name").GetString());
        Assert.Equal(toolUseId, ask.GetProperty("request").GetProperty("tool_use_id").GetString());
        Assert.False(File.Exists(file));
        await claude.AllowToolAsync(ask, ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.False(result.GetProperty("is_error").GetBoolean());
        Assert.Equal("Done.", result.GetProperty("result").GetString());
        Assert.Equal("hello from the fake model\n", await File.ReadAllTextAsync(file, ct));
        Assert.Equal(2, api.RequestCount);
        var toolResult = api.Requests[1].FindToolResult(toolUseId);
        Assert.NotNull(toolResult);
        Assert.False(toolResult.IsError);
        Assert.Null(api.Requests[0].FindToolResult(toolUseId));
        Assert.Contains(toolUseId, api.Requests[1].ToolUseIds);
        // The two blocks of one API message arrive as two assistant lines sharing message.id.
        var assistantIds = claude.Lines.Where(l => ClaudeCliProcess.IsType(l, "assistant"))
            .Select(l => l.GetProperty("message").GetProperty("id").GetString()).ToList();
        Assert.Equal(3, assistantIds.Count);
        Assert.Equal(assistantIds[0], assistantIds[1]);
        Assert.NotEqual(assistantIds[1], assistantIds[2]);
        api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task WriteToolUse_Denied_LeavesNoFile_AndTheDenialMessageIsAnErrorToolResult()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var repo = TestRepository.Create();
        var file = Path.Combine(repo.Path, "denied.txt");
        var toolUseId = FakeContentBlock.NewToolUseId();
        api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = file, content = "nope\n" }, toolUseId),
            FakeResponse.Text("Understood, not writing."));
        using var harness = new ClaudeCliHarness(api);
        await using var claude = harness.StartBidirectional(repo.Path);

        await claude.SendUserMessageAsync("Write denied.txt", ct);
        var ask = await claude.WaitForControlRequestAsync("can_use_tool", ct);
        await claude.DenyToolAsync(ask, "The test host says no.", ct);
        var result = await claude.WaitForResultAsync(ct);

        Assert.False(File.Exists(file));
        Assert.False(result.GetProperty("is_error").GetBoolean());
        var denial = Assert.Single(result.GetProperty("permission_denials").EnumerateArray());
        Assert.Equal(toolUseId, denial.GetProperty("tool_use_id").GetString());
        var toolResult = api.FindToolResult(toolUseId);
        Assert.NotNull(toolResult);
        Assert.True(toolResult.IsError);
        Assert.Contains("The test host says no.", toolResult.Content);
        Assert.Equal(2, api.RequestCount);
    }
}
