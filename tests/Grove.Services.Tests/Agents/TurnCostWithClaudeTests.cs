using Grove.Services.Budgets;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>The real CLI's <c>total_cost_usd</c> against the fake API: a running total per process, turned into each turn's own cost.</summary>
public sealed class TurnCostWithClaudeTests
{
    [Fact]
    public async Task Each_result_stores_its_own_turns_cost_in_one_process_and_after_a_resume()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.Text("One.").WithUsage(1000, 100),
            FakeResponse.Text("Two.").WithUsage(3000, 300),
            FakeResponse.Text("Three.").WithUsage(2000, 200));

        await bed.Runs.SendAsync(bed.Tab.Id, "first", AgentBed.Ct);
        var first = await bed.WaitForResultAsync();
        await bed.Runs.SendAsync(bed.Tab.Id, "second", AgentBed.Ct);
        var second = await bed.WaitForResultAsync(2);

        // Same process: Claude reports the running total; the turn's cost is the rise.
        Assert.True(second.CostUsd > first.CostUsd, $"{first.CostUsd} then {second.CostUsd}");
        Assert.Equal(first.CostUsd, first.TurnCostUsd);
        Assert.Equal(second.CostUsd - first.CostUsd, second.TurnCostUsd);

        // A new process resuming the session carries the total on (Claude keeps it in the session file):
        // the turn's cost is still only this turn's.
        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);
        await bed.Runs.SendAsync(bed.Tab.Id, "third", AgentBed.Ct);
        var third = await bed.WaitForResultAsync(3);
        Assert.True(third.CostUsd > second.CostUsd, $"{second.CostUsd} then {third.CostUsd}");
        Assert.Equal(third.CostUsd - second.CostUsd, third.TurnCostUsd);
        Assert.True(third.TurnCostUsd < second.TurnCostUsd, $"third {third.TurnCostUsd} (total {third.CostUsd}) vs second {second.TurnCostUsd}");

        await bed.WaitForAsync(e => e.Kind == "tab_status" && e.PayloadJson.Contains("idle", StringComparison.Ordinal), 3);
        var spend = await bed.App.App.Get<IBudgets>().SpendAsync(cancellationToken: AgentBed.Ct);
        Assert.Equal(decimal.Round((first.TurnCostUsd + second.TurnCostUsd + third.TurnCostUsd)!.Value, 6), spend.TotalUsd);
    }
}
