using System.Net;
using Grove.Server.Tests.TestServices;
using Grove.Testing;

namespace Grove.Server.Tests;

/// <summary>Event-stream mechanics: heartbeats, unknown tabs, and a slow reader that must lose nothing.</summary>
[Collection(AgentCollection.Name)]
public sealed class StreamBehaviourTests
{
    [Fact]
    public async Task IdleStream_GetsHeartbeatComments()
    {
        await using var bed = await ServerBed.StartAsync(configure: o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(50));
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);

        using var stream = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        var lines = await stream.ReadUntilCommentAsync("heartbeat", ServerBed.Ct);

        Assert.Equal(": connected", lines[0]);
        Assert.DoesNotContain(lines, l => l.StartsWith("data:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StreamOfAnUnknownTab_IsA404ProblemBeforeAnyEvent()
    {
        await using var bed = await ServerBed.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tabs/tab_nope/stream");

        using var response = await bed.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SlowReader_GetsEveryEventInOrder_AfterTheTurnEnded()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("one ", "two ", "three ", "four."));

        using var slow = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        using var fast = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "Count" });
        var seen = await fast.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);

        // The slow reader starts reading only now; the whole turn must still be there, live deltas included.
        var late = await slow.ReadUntilAsync(f => f.Event == "result", ServerBed.Ct);
        Assert.Equal(seen.Select(f => (f.Id, f.Event, f.Data)), late.Select(f => (f.Id, f.Event, f.Data)));
        Assert.Contains(late, f => f.Event == "delta");
    }

    [Fact]
    public async Task SecondMessage_WhileATurnRuns_IsQueued()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        var gate = new FakeGate();
        bed.Api!.Enqueue(FakeResponse.Text("first").WithPauseBeforeHeaders(gate), FakeResponse.Text("second"));

        using var stream = await SseFrames.OpenAsync(bed.Client, $"api/tabs/{tab}/stream");
        var first = await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "one" });
        await gate.Reached.WaitAsync(ServerBed.Ct);
        var second = await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "two" });
        gate.Release();
        var frames = await stream.ReadUntilAsync(f => f.Event == "result" && f.Data.Contains("second"), ServerBed.Ct);

        Assert.True(first.GetProperty("started").GetBoolean());
        Assert.False(second.GetProperty("started").GetBoolean());
        Assert.Equal(1, second.GetProperty("queuePosition").GetInt32());
        Assert.Equal(2, frames.Count(f => f.Event == "result"));
    }

    [Fact]
    public async Task StatusStream_ReportsEveryTabsStatusChanges()
    {
        await using var bed = await ServerBed.StartAsync(withAgent: true);
        using var repo = TestRepository.Create();
        var (_, _, tab) = await bed.CreateTabAsync(repo);
        bed.Api!.Enqueue(FakeResponse.Text("ok"));

        using var statuses = await SseFrames.OpenAsync(bed.Client, "api/events");
        await bed.PostJsonAsync($"api/tabs/{tab}/messages", new { text = "hi" });
        var frames = await statuses.ReadUntilAsync(f => f.Data.Contains("\"idle\""), ServerBed.Ct);

        Assert.All(frames, f => Assert.Equal("tab_status", f.Event));
        Assert.All(frames, f => Assert.Contains($"\"tabId\":\"{tab}\"", f.Data));
        Assert.Contains(frames, f => f.Data.Contains("\"running\""));
        Assert.All(frames, f => Assert.Null(f.Id));

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "api/events") { Headers = { { "Origin", "http://evil.example" } } };
        using var refused = await bed.Client.SendAsync(foreign, HttpCompletionOption.ResponseHeadersRead, ServerBed.Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
