using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>What the composer relies on, end to end with the real CLI: images, the queue, /clear, mode switches.</summary>
public sealed class ComposerRunTests
{
    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task AnAttachedImage_ReachesTheModel_AsAnImageBlockOfTheUserMessage()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("A single pixel."));

        await bed.Runs.SendAsync(bed.Tab.Id, "What is in this picture?", [new MessageImage("image/png", Png, "pixel.png")], AgentBed.Ct);
        await bed.WaitForResultAsync();

        var content = bed.Api.LastRequest!.LastUserMessage!.Value.GetProperty("content").EnumerateArray().ToList();
        var image = Assert.Single(content, c => c.GetProperty("type").GetString() == "image");
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal(Convert.ToBase64String(Png), image.GetProperty("source").GetProperty("data").GetString());
        Assert.Contains(content, c => c.GetProperty("type").GetString() == "text" && c.GetProperty("text").GetString()!.Contains("What is in this picture?", StringComparison.Ordinal));
        Assert.Equal(1, Assert.Single(bed.Stored<UserEvent>(), u => !u.FromAgent).ImageCount);
    }

    [Fact]
    public async Task Images_AreCheckedBeforeAnythingStarts()
    {
        await using var bed = await AgentBed.StartAsync();
        var tooBig = new byte[MessageImages.MaxBytes + 1];
        Png.CopyTo(tooBig, 0);

        var large = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(bed.Tab.Id, "big", [new MessageImage("image/png", tooBig, "big.png")], AgentBed.Ct));
        var fake = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(bed.Tab.Id, "fake", [new MessageImage("image/png", "not an image"u8.ToArray(), "fake.png")], AgentBed.Ct));
        var many = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(bed.Tab.Id, "many", [.. Enumerable.Repeat(new MessageImage("image/png", Png), MessageImages.MaxCount + 1)], AgentBed.Ct));

        Assert.Contains("at most 5 MB", large.Message, StringComparison.Ordinal);
        Assert.Contains("not a PNG, JPEG, GIF or WebP", fake.Message, StringComparison.Ordinal);
        Assert.Contains("at most 10 images", many.Message, StringComparison.Ordinal);
        Assert.Null(bed.Runs.ProcessIdOf(bed.Tab.Id));
        Assert.Equal(0, bed.Api.RequestCount);
    }

    [Fact]
    public async Task MessagesSentDuringATurn_AreListedInTheQueue_CanBeTakenBack_AndRunInOrder()
    {
        await using var bed = await AgentBed.StartAsync();
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Hang(gate, "first done"), FakeResponse.Text("second done"));

        await bed.Runs.SendAsync(bed.Tab.Id, "first", AgentBed.Ct);
        await gate.Reached.WaitAsync(AgentBed.Ct);
        var second = await bed.Runs.SendAsync(bed.Tab.Id, "second", AgentBed.Ct);
        var third = await bed.Runs.SendAsync(bed.Tab.Id, "third", [new MessageImage("image/png", Png)], AgentBed.Ct);
        var queued = bed.Runs.GetQueued(bed.Tab.Id);
        var clearWhileBusy = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.ClearSessionAsync(bed.Tab.Id, AgentBed.Ct));

        Assert.Equal((false, 1), (second.Started, second.QueuePosition));
        Assert.Equal((false, 2), (third.Started, third.QueuePosition));
        Assert.Equal(["second", "third"], queued.Select(q => q.Text));
        Assert.Equal([0, 1], queued.Select(q => q.ImageCount));
        Assert.Equal(ErrorKind.Conflict, clearWhileBusy.Kind);

        Assert.True(await bed.Runs.RemoveQueuedAsync(bed.Tab.Id, queued[1].Id, AgentBed.Ct));
        Assert.False(await bed.Runs.RemoveQueuedAsync(bed.Tab.Id, queued[1].Id, AgentBed.Ct));
        Assert.Equal(["second"], bed.Runs.GetQueued(bed.Tab.Id).Select(q => q.Text));

        gate.Release();
        await bed.WaitForResultAsync(2);

        Assert.Empty(bed.Runs.GetQueued(bed.Tab.Id));
        Assert.Equal(["first", "second"], bed.Stored<UserEvent>().Where(u => !u.FromAgent).Select(u => u.Content));
        Assert.Equal(2, bed.Api.RequestCount);
        Assert.Contains("second", bed.Api.LastUserText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_StartsAFreshSession_AndSaysSoInTheTranscript()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Noted."), FakeResponse.Text("Which number?"));
        await bed.Runs.SendAsync(bed.Tab.Id, "Remember the number 4711", AgentBed.Ct);
        await bed.WaitForIdleAfterResultAsync(); // clearing is refused while a turn runs
        var before = (await bed.ReloadTabAsync()).SessionId;

        await bed.Runs.ClearSessionAsync(bed.Tab.Id, AgentBed.Ct);
        var cleared = await bed.ReloadTabAsync();
        await bed.Runs.SendAsync(bed.Tab.Id, "What was the number?", AgentBed.Ct);
        var result = await bed.WaitForResultAsync(2);

        Assert.NotNull(before);
        Assert.Null(cleared.SessionId);
        Assert.NotEqual(before, result.SessionId);
        Assert.DoesNotContain("4711", bed.Api.LastRequest!.BodyText, StringComparison.Ordinal);
        var notice = Assert.Single(bed.Stored<SystemEvent>(), s => s.Subtype == ClearedNotice.Subtype);
        Assert.True(notice.Raw.GetProperty("cleared").GetBoolean());
        var kinds = bed.Events.Where(e => e.Sequence is not null).Select(e => e.Kind).ToList();
        Assert.True(kinds.LastIndexOf(AgentEventKinds.System) < kinds.LastIndexOf(AgentEventKinds.User), "the notice comes before the next message");
    }

    [Fact]
    public async Task SwitchingToPlanMode_BetweenTurns_ReachesTheRunningProcess()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Hello."), FakeResponse.Text("Planning."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Hi", AgentBed.Ct);
        await bed.WaitForResultAsync();
        var process = bed.Runs.ProcessIdOf(bed.Tab.Id);

        await bed.Tabs.UpdateAsync(bed.Tab.Id, t => t with { Mode = AgentMode.Plan }, AgentBed.Ct);
        await bed.Runs.SendAsync(bed.Tab.Id, "Plan the work", AgentBed.Ct);
        await bed.WaitForResultAsync(2);

        var inits = bed.Stored<InitEvent>();
        Assert.NotNull(process);
        Assert.Equal(process, bed.Runs.ProcessIdOf(bed.Tab.Id));
        Assert.NotEqual("plan", inits[0].PermissionMode);
        Assert.Equal("plan", inits[^1].PermissionMode);
    }
}
