using Grove.Core.Budgets;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Budgets;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

/// <summary>The workspace header's budget bar over real budgets and stored turn costs.</summary>
public sealed class BudgetBarTests : WorkspaceUiTestContext
{
    private Task SpendAsync(decimal usd) =>
        Get<ITurnCostStore>().AddAsync(new TurnCost("tab", Workspace.Id, Workspace.ProjectId, usd, DateTimeOffset.UtcNow), Ct);

    [Fact]
    public void Without_a_budget_the_bar_is_not_shown()
    {
        var cut = Render<BudgetBar>(p => p.Add(b => b.WorkspaceId, Workspace.Id));
        Assert.Empty(cut.FindAll("[data-test='budget-bar']"));
    }

    [Fact]
    public async Task The_bar_shows_spent_of_the_tightest_budget_and_announces_when_it_is_reached()
    {
        await Get<IBudgets>().SetAsync(BudgetScope.Workspace, Workspace.Name, 1m, Ct);
        await Get<IBudgets>().SetAsync(BudgetScope.Daily, null, 50m, Ct);
        await SpendAsync(0.85m);

        var cut = Render<BudgetBar>(p => p.Add(b => b.WorkspaceId, Workspace.Id));
        cut.WaitForAssertion(() => Assert.Equal("$0.85 / $1.00", cut.Find("[data-test='budget-bar'] .budget-text").TextContent));
        Assert.Equal("warning", cut.Find("[data-test='budget-bar']").GetAttribute("data-state"));

        // A turn ends (its cost stored first): the bar reloads and says the budget ran out.
        await SpendAsync(0.2m);
        Get<IAgentRuns>().Events.Publish(new LiveEvent("tab", null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("reached", cut.Find("[data-test='budget-bar']").GetAttribute("data-state")));
        Assert.Equal("$1.05 / $1.00", cut.Find("[data-test='budget-bar'] .budget-text").TextContent);
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Error && t.Message.StartsWith($"Budget reached: workspace '{Workspace.Name}' spent $1.05 of $1.00", StringComparison.Ordinal));
    }
}
