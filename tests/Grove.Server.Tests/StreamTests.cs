using System.Net;
using System.Text.Json;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>Messages over HTTP, answered by the real Claude CLI against the fake API, followed over SSE.</summary>
[Collection(AgentCollection.Name)]
public sealed class StreamTests
{
    [Fact]
    public async Task Stream_ShowsDeltasTextAndResultInOrder_AndLastEventIdResumesAfterIt()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("Hello ", "from ", "the server."));

        using var live = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        var sent = await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Say hello" });
        var frames = await live.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);

        Assert.True(sent.GetProperty("started").GetBoolean());
        Assert.Equal("user", frames.First(f => f.Id is not null).Event);
        var firstDelta = frames.FindIndex(f => f.Event == "delta");
        var text = frames.FindIndex(f => f.Event == "text");
        Assert.True(firstDelta >= 0 && firstDelta < text, string.Join(", ", frames.Select(f => f.Event)));
        Assert.Null(frames[firstDelta].Id);
        Assert.Contains("Hello from the server.", frames[text].Data);
        Assert.Contains("Hello from the server.", frames[^1].Data);
        var ids = frames.Where(f => f.Id is not null).Select(f => f.Id!.Value).ToList();
        Assert.Equal(ids.Distinct().Order(), ids);

        // The transcript page agrees with the stream's ids, less the streaming checkpoints the final text dropped.
        var stored = await bed.GetJsonAsync<List<JsonElement>>($"api/tabs/{tab}/events?after=0");
        Assert.Equal(frames.Where(f => f.Id is not null && f.Event != "partial").Select(f => f.Id!.Value), stored.Select(e => e.GetProperty("sequence").GetInt64()));

        // Reconnect from the text event: only what came after it.
        var resumeAt = frames[text].Id!.Value;
        using var resumed = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream", lastEventId: resumeAt);
        var replay = await resumed.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);
        Assert.Equal(resumeAt + 1, replay[0].Id);
        Assert.All(replay, f => Assert.True(f.Id > resumeAt));
        Assert.Equal(ids.Where(i => i > resumeAt), replay.Select(f => f.Id!.Value));
        bed.Api.EnsureScriptCompleted();
    }

    [Fact]
    public async Task Approval_AskedForWrite_IsAnsweredOverTheApi_AndTheFileIsWritten()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, worktree, tab) = await bed.CreateTabAsync(repo);
        var file = Path.Combine(worktree, "hello.txt");
        bed.Api!.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "hello\n" }, "toolu_api1"), FakeResponse.Text("Wrote it."));

        using var live = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Write hello.txt" });
        await live.ReadUntilAsync(f => f.Event == "tab_status" && f.Data.Contains("needsinput"), ServerBed.Ct);

        var pending = Assert.Single(await bed.GetJsonAsync<List<JsonElement>>("api/approvals"));
        Assert.Equal("Write", pending.GetProperty("toolName").GetString());
        Assert.Equal(tab, pending.GetProperty("tabId").GetString());
        Assert.False(File.Exists(file));
        using var unknown = await bed.Client.PostAsync("api/approvals/nope", new StringContent("""{"choice":"once"}""", System.Text.Encoding.UTF8, "application/json"), ServerBed.Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await bed.PostJsonAsync($"api/approvals/{pending.GetProperty("requestId").GetString()}", new { choice = "once" });
        var rest = await live.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);

        Assert.Equal("hello\n", File.ReadAllText(file));
        Assert.Contains(rest, f => f.Event == "permission_decision" && f.Data.Contains("\"allowed\":true"));
        Assert.Empty(await bed.GetJsonAsync<List<JsonElement>>("api/approvals"));
        Assert.False(bed.Api.FindToolResult("toolu_api1")!.IsError);
    }
}
