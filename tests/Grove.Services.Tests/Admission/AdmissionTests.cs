using Grove.Core.Domain;
using Grove.Data.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Admission;

/// <summary>The gate every turn passes: the cap, the first-come queue, per-project caps, cancel, restart, memory.</summary>
public sealed class AdmissionTests
{
    private static CancellationToken Ct => TurnBed.Ct;

    [Fact]
    public async Task Turns_beyond_the_cap_wait_in_order_and_start_as_slots_free()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 1);
        var tabs = await bed.ProjectWithTabsAsync("a", "b", "c");
        var (a, b, c) = (tabs[0], tabs[1], tabs[2]);

        Assert.True((await bed.Runs.SendAsync(a.Id, "hold", Ct)).Started);
        await bed.WaitForStatusAsync(a.Id, "running");
        var sentB = await bed.Runs.SendAsync(b.Id, "hold too", Ct);
        var sentC = await bed.Runs.SendAsync(c.Id, "third", Ct);

        Assert.False(sentB.Started);
        Assert.False(sentC.Started);
        Assert.Equal(0, sentB.Waiting!.Ahead);
        Assert.Equal(1, sentC.Waiting!.Ahead);
        Assert.Equal("waiting: 1 of 1 agents running, 1 ahead", sentC.Waiting.Describe());
        var waitingC = await bed.WaitForStatusAsync(c.Id, "waiting");
        Assert.Contains("\"ahead\":1", waitingC.PayloadJson, StringComparison.Ordinal);
        Assert.True(bed.Runs.IsBusy(c.Id));
        Assert.Equal("third", Assert.Single(bed.Runs.GetQueued(c.Id)).Text);

        var summary = await bed.Admission.SummaryAsync(Ct);
        Assert.Equal((1, 2, 1), (summary.Running, summary.Waiting, summary.MaxRunning));

        await bed.Runs.InterruptAsync(a.Id, Ct);
        await bed.WaitForStatusAsync(b.Id, "running");
        Assert.Equal(0, bed.Admission.WaitOf(c.Id)!.Ahead);
        await bed.Runs.InterruptAsync(b.Id, Ct);

        var results = await bed.ResultsAsync(c.Id, 1);
        Assert.Equal("ok: third", results[0].ResultText);
        Assert.Equal([a.Id, b.Id, c.Id], bed.StartOrder);
        Assert.Null(bed.Admission.WaitOf(c.Id));
        Assert.Null((await bed.Tabs.ResolveAsync(c.Id, Ct)).WaitingSince);
    }

    [Fact]
    public async Task A_project_at_its_cap_waits_while_another_project_runs()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 3);
        await bed.SetAsync(SettingKeys.MaxRunningPerProject, "1");
        var first = await bed.ProjectWithTabsAsync("p1a", "p1b");
        var other = (await bed.ProjectWithTabsAsync("p2"))[0];

        Assert.True((await bed.Runs.SendAsync(first[0].Id, "hold", Ct)).Started);
        var sameProject = await bed.Runs.SendAsync(first[1].Id, "second of p1", Ct);
        Assert.False(sameProject.Started);
        Assert.Contains("project at its cap of 1", sameProject.Waiting!.Reason, StringComparison.Ordinal);

        Assert.True((await bed.Runs.SendAsync(other.Id, "p2 goes", Ct)).Started);
        Assert.Equal("ok: p2 goes", (await bed.ResultsAsync(other.Id, 1))[0].ResultText);
        Assert.NotNull(bed.Admission.WaitOf(first[1].Id));

        await bed.Runs.InterruptAsync(first[0].Id, Ct);
        Assert.Equal("ok: second of p1", (await bed.ResultsAsync(first[1].Id, 1))[0].ResultText);
    }

    [Fact]
    public async Task Taking_back_a_waiting_message_removes_it_from_the_queue()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 1);
        var tabs = await bed.ProjectWithTabsAsync("a", "b");
        await bed.Runs.SendAsync(tabs[0].Id, "hold", Ct);
        await bed.Runs.SendAsync(tabs[1].Id, "never sent", Ct);
        var queued = Assert.Single(bed.Runs.GetQueued(tabs[1].Id));
        Assert.NotNull((await bed.Tabs.ResolveAsync(tabs[1].Id, Ct)).WaitingSince);

        Assert.True(await bed.Runs.RemoveQueuedAsync(tabs[1].Id, queued.Id, Ct));

        Assert.Null(bed.Admission.WaitOf(tabs[1].Id));
        Assert.False(bed.Runs.IsBusy(tabs[1].Id));
        Assert.Null((await bed.Tabs.ResolveAsync(tabs[1].Id, Ct)).WaitingSince);
        Assert.Empty(await bed.App.Get<IWaitingTurnStore>().ListAsync(tabs[1].Id, Ct));
        Assert.Equal(0, (await bed.Admission.SummaryAsync(Ct)).Waiting);

        // The slot frees and nothing of b's starts: its message is gone.
        await bed.Runs.InterruptAsync(tabs[0].Id, Ct);
        await bed.WaitForStatusAsync(tabs[0].Id, "interrupted");
        Assert.Empty(await bed.TranscriptAsync(tabs[1].Id));
        Assert.DoesNotContain(tabs[1].Id, bed.StartOrder);
    }

    [Fact]
    public async Task A_waiting_message_is_still_queued_after_a_restart_and_then_runs()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 1);
        var tabs = await bed.ProjectWithTabsAsync("a", "b");
        await bed.Runs.SendAsync(tabs[0].Id, "hold", Ct);
        Assert.False((await bed.Runs.SendAsync(tabs[1].Id, "survives", Ct)).Started);

        await bed.RestartAsync();
        Assert.NotNull((await bed.Tabs.ResolveAsync(tabs[1].Id, Ct)).WaitingSince);
        Assert.Equal("survives", Assert.Single(await bed.App.Get<IWaitingTurnStore>().ListAsync(tabs[1].Id, Ct)).Text);

        Assert.Equal(1, await bed.Runs.ResumeWaitingAsync(Ct));
        Assert.Equal("ok: survives", (await bed.ResultsAsync(tabs[1].Id, 1))[0].ResultText);
        Assert.Empty(await bed.App.Get<IWaitingTurnStore>().ListAsync(cancellationToken: Ct));
        Assert.Null((await bed.Tabs.ResolveAsync(tabs[1].Id, Ct)).WaitingSince);
    }

    [Fact]
    public async Task Under_the_memory_threshold_new_turns_wait_and_start_once_memory_recovers()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        var tab = (await bed.ProjectWithTabsAsync("a"))[0];
        bed.Memory.SetMb(700);

        var sent = await bed.Runs.SendAsync(tab.Id, "after memory", Ct);

        Assert.False(sent.Started);
        Assert.Equal("waiting: low memory, 700 MB free", sent.Waiting!.Describe());
        var waiting = await bed.WaitForStatusAsync(tab.Id, "waiting");
        Assert.Contains("low memory, 700 MB free", waiting.PayloadJson, StringComparison.Ordinal);
        Assert.True((await bed.Admission.SummaryAsync(Ct)).LowMemory);

        // Nothing else happens: the gate looks again on its own every few seconds.
        bed.Memory.SetMb(4096);
        Assert.Equal("ok: after memory", (await bed.ResultsAsync(tab.Id, 1))[0].ResultText);
    }

    [Fact]
    public async Task The_memory_threshold_is_a_setting_and_zero_turns_it_off()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        var tab = (await bed.ProjectWithTabsAsync("a"))[0];
        bed.Memory.SetMb(300);
        await bed.SetAsync(SettingKeys.MinFreeMemoryMb, "0");

        Assert.True((await bed.Runs.SendAsync(tab.Id, "no check", Ct)).Started);
        Assert.Equal("ok: no check", (await bed.ResultsAsync(tab.Id, 1))[0].ResultText);
    }
}
