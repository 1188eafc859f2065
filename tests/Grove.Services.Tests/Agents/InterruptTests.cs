using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>A user's interrupt is its own outcome (not a failure), and queued messages survive it.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Interrupt_EndsTheTurnAsInterrupted_KeepsQueuedMessages_AndTheNextMessageSendsThemFirst()
    {
        await using var bed = await AgentBed.StartAsync();
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Hang(gate), FakeResponse.Text("Did the queued one."), FakeResponse.Text("Did the new one."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Long task", AgentBed.Ct);
        await gate.Reached.WaitAsync(AgentBed.Ct);
        var queued = await bed.Runs.SendAsync(bed.Tab.Id, "Queued one", AgentBed.Ct);
        await bed.Runs.InterruptAsync(bed.Tab.Id, AgentBed.Ct);
        await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("interrupted", StringComparison.Ordinal));

        Assert.False(queued.Started);
        var tab = await bed.ReloadTabAsync();
        Assert.Equal(AgentTabStatus.Interrupted, tab.Status);
        Assert.Null(tab.LastError);
        Assert.False(bed.Runs.IsBusy(bed.Tab.Id));
        var held = Assert.Single(bed.Runs.GetQueued(bed.Tab.Id));
        Assert.Equal("Queued one", held.Text);
        Assert.True(held.Held);
        Assert.Contains(bed.Stored<SystemEvent>(), s => s.Subtype == InterruptedNotice.Subtype && InterruptedNotice.Is(s.Raw));
        Assert.DoesNotContain(bed.Events, e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("error", StringComparison.Ordinal));
        Assert.Equal(1, bed.Api.RequestCount);

        await bed.Runs.SendAsync(bed.Tab.Id, "New one", AgentBed.Ct);
        await bed.WaitForIdleAfterResultAsync(3); // the status is stored after the result is published

        var users = bed.Stored<UserEvent>().Where(u => !u.FromAgent).Select(u => u.Content).ToList();
        Assert.Equal(["Long task", "Queued one", "New one"], users);
        Assert.Empty(bed.Runs.GetQueued(bed.Tab.Id));
        Assert.Equal(AgentTabStatus.Idle, (await bed.ReloadTabAsync()).Status);
    }
}
