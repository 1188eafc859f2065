using Grove.Core.Budgets;
using Grove.Core.Errors;
using Grove.Services.Budgets;

namespace Grove.Services.Tests.Admission;

/// <summary>Each turn's own cost from Claude's running total, and budgets counted from it.</summary>
public sealed class TurnCostTests
{
    private static CancellationToken Ct => TurnBed.Ct;

    [Fact]
    public async Task A_turns_cost_is_the_rise_of_the_running_total_and_a_count_that_starts_again_is_all_the_turns()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        var tab = (await bed.ProjectWithTabsAsync("a"))[0];

        await bed.Runs.SendAsync(tab.Id, "one cost=0.25", Ct);
        await bed.ResultsAsync(tab.Id, 1);
        await bed.Runs.SendAsync(tab.Id, "two cost=0.5", Ct);
        await bed.ResultsAsync(tab.Id, 2);

        // A new process whose count starts again at 0 (the fake, like a fresh session): all of its total is the turn's.
        await bed.Runs.StopAsync(tab.Id, Ct);
        await bed.Runs.SendAsync(tab.Id, "three cost=0.1", Ct);
        var results = await bed.ResultsAsync(tab.Id, 3);

        Assert.Equal([0.25m, 0.75m, 0.1m], results.Select(r => r.CostUsd!.Value));
        Assert.Equal([0.25m, 0.5m, 0.1m], results.Select(r => r.TurnCostUsd!.Value));
        var spend = await bed.App.Get<IBudgets>().SpendAsync(cancellationToken: Ct);
        Assert.Equal(0.85m, spend.TotalUsd);
        Assert.Equal(0.85m, spend.TodayUsd);
        Assert.Equal(0.85m, spend.ByTab[tab.Id]);
    }

    [Fact]
    public async Task A_budget_warns_once_at_80_percent_and_refuses_the_next_turn_at_100_percent()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        var tab = (await bed.ProjectWithTabsAsync("spendy"))[0];
        var budgets = bed.App.Get<IBudgets>();
        await budgets.SetAsync(BudgetScope.Workspace, "spendy", 1m, Ct);

        await bed.Runs.SendAsync(tab.Id, "cost=0.5", Ct);
        await bed.ResultsAsync(tab.Id, 1);
        await bed.Runs.SendAsync(tab.Id, "cost=0.35", Ct);
        await bed.ResultsAsync(tab.Id, 2);
        await bed.WaitForStatusAsync(tab.Id, "idle", 2);
        await bed.Runs.SendAsync(tab.Id, "cost=0.17", Ct);
        await bed.ResultsAsync(tab.Id, 3);
        await bed.WaitForStatusAsync(tab.Id, "idle", 3);

        var notices = (await bed.TranscriptAsync(tab.Id)).Where(e => e.PayloadJson.Contains("\"budget\":\"warning\"", StringComparison.Ordinal)).ToList();
        Assert.Equal("Budget at 85%: workspace 'spendy' spent $0.85 of $1.00.", NoticeText(Assert.Single(notices)));

        var before = (await bed.TranscriptAsync(tab.Id)).Count;
        var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(tab.Id, "refused cost=0.1", Ct));
        Assert.Equal(ErrorKind.BudgetReached, refused.Kind);
        Assert.Equal("Budget reached: workspace 'spendy' spent $1.02 of $1.00 — raise it with grove budget set --workspace spendy 3", refused.Message);
        Assert.Equal(before, (await bed.TranscriptAsync(tab.Id)).Count);
        Assert.Empty(bed.Runs.GetQueued(tab.Id));

        var status = Assert.Single(await budgets.ForWorkspaceAsync(tab.WorkspaceId, Ct));
        Assert.True(status.Reached);
        Assert.Equal(1.02m, status.SpentUsd);

        await budgets.SetAsync(BudgetScope.Workspace, "spendy", 3m, Ct);
        await bed.Runs.SendAsync(tab.Id, "allowed again", Ct);
        Assert.Equal("ok: allowed again", (await bed.ResultsAsync(tab.Id, 4))[3].ResultText);
    }

    [Fact]
    public async Task A_daily_budget_counts_every_workspace_and_a_queued_turn_is_held_when_it_runs_out()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        var tabs = await bed.ProjectWithTabsAsync("one", "two");
        var budgets = bed.App.Get<IBudgets>();
        await budgets.SetAsync(BudgetScope.Daily, null, 0.5m, Ct);

        using var release = new Grove.Testing.TempDirectory("grove-release");
        var releaseFile = release.Combine("go");
        await bed.Runs.SendAsync(tabs[0].Id, $"cost=0 until={releaseFile}", Ct);
        await bed.WaitForStatusAsync(tabs[0].Id, "running");
        await bed.Runs.SendAsync(tabs[0].Id, "queued before the budget ran out", Ct);
        await bed.Runs.SendAsync(tabs[1].Id, "cost=0.6", Ct);
        await bed.ResultsAsync(tabs[1].Id, 1);
        await bed.WaitForStatusAsync(tabs[1].Id, "idle");

        var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(tabs[1].Id, "cost=0.1", Ct));
        Assert.StartsWith("Budget reached: today spent $0.60 of $0.50 — raise it with grove budget set --daily", refused.Message, StringComparison.Ordinal);

        // The message queued behind tab one's running turn does not start when that turn ends: it is held, with a notice.
        await File.WriteAllTextAsync(releaseFile, "go", Ct);
        // Idle twice: when the turn ends, and again when the queued message is held for the budget.
        await bed.WaitForStatusAsync(tabs[0].Id, "idle", 2);
        var queued = Assert.Single(bed.Runs.GetQueued(tabs[0].Id));
        Assert.True(queued.Held);
        Assert.Equal("queued before the budget ran out", queued.Text);
        Assert.Single(bed.StartOrder, id => id == tabs[0].Id);
        var notice = Assert.Single(await bed.TranscriptAsync(tabs[0].Id), e => e.PayloadJson.Contains("\"budget\":\"reached\"", StringComparison.Ordinal));
        Assert.StartsWith("Budget reached: today spent $0.60 of $0.50", NoticeText(notice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_interrupt_running_on_a_reached_budget_interrupts_the_turns_it_covers()
    {
        await using var bed = await TurnBed.StartAsync(maxRunning: 4);
        await bed.SetAsync(SettingKeys.BudgetsInterruptRunning, "true");
        var tabs = await bed.ProjectWithTabsAsync("busy", "spender");
        await bed.App.Get<IBudgets>().SetAsync(BudgetScope.Daily, null, 0.5m, Ct);

        // Tab one's turn runs until it is interrupted; tab two's turn spends past the daily budget.
        await bed.Runs.SendAsync(tabs[0].Id, "hold", Ct);
        await bed.WaitForStatusAsync(tabs[0].Id, "running");
        await bed.Runs.SendAsync(tabs[1].Id, "cost=0.6", Ct);
        Assert.False((await bed.ResultsAsync(tabs[1].Id, 1))[0].IsError);

        // The held turn ends only on an interrupt: it ends as interrupted (the user's choice, not a failure).
        var interrupted = (await bed.ResultsAsync(tabs[0].Id, 1))[0];
        Assert.True(interrupted.IsError);
        await bed.WaitForStatusAsync(tabs[0].Id, "interrupted");
        var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.SendAsync(tabs[0].Id, "more", Ct));
        Assert.Equal(ErrorKind.BudgetReached, refused.Kind);
    }

    private static string? NoticeText(Grove.Core.Domain.TranscriptEvent e) =>
        ((Grove.Core.Agents.SystemEvent)Grove.Core.Agents.AgentEventJson.Deserialize(e.PayloadJson)).Raw.GetProperty("message").GetString();
}
